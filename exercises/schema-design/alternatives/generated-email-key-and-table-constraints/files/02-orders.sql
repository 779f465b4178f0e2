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

create table orders (
  id          bigserial primary key,
  customer_id bigint not null references customers on delete restrict,
  placed_at   timestamptz not null default current_timestamp,
  status      text not null default 'pending' check (status = any (array['pending', 'paid', 'shipped', 'cancelled'])),
  shipped_at  timestamptz
);

create table order_items (
  order_id   bigint not null references orders on delete cascade,
  product_id bigint not null references products on delete restrict,
  quantity   integer not null check (quantity > 0),
  primary key (order_id, product_id)
);
