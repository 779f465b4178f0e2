CREATE DOMAIN money_amount AS numeric(10, 2) NOT NULL CONSTRAINT money_amount_not_negative CHECK (VALUE >= 0);

CREATE TABLE customers (
  id serial,
  email text CONSTRAINT customers_email_required NOT NULL,
  name text CONSTRAINT customers_name_required NOT NULL,
  CONSTRAINT customers_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX customers_email_lower_uq ON customers USING btree (lower(email));

CREATE TABLE products (
  id serial,
  sku text NOT NULL,
  name text NOT NULL,
  price money_amount,
  CONSTRAINT products_pkey PRIMARY KEY (id),
  CONSTRAINT products_sku_key UNIQUE (sku)
);
