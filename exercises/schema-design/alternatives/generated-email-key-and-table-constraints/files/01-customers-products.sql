create table customers (
  id         bigserial primary key,
  email      text not null,
  email_key  text generated always as (lower(email)) stored unique,
  name       text not null,
  created_at timestamptz not null default now(),
  note       text
);

create table products (
  id          bigserial primary key,
  sku         text not null,
  name        text not null,
  price       numeric(10,2) not null,
  description text,
  unique (sku),
  check (price >= 0.00)
);
