-- This file runs on its own fresh database: the tables of task 01 first, as they are there.
CREATE TABLE customers (
  id    integer PRIMARY KEY,
  email text NOT NULL,
  name  text NOT NULL
);

CREATE UNIQUE INDEX customers_email_lower_key ON customers (lower(email));

CREATE TABLE products (
  id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku   text NOT NULL UNIQUE,
  name  text NOT NULL,
  price numeric(10, 2) NOT NULL CHECK (price >= 0)
);

-- An order belongs to one customer, who keeps their order history: RESTRICT refuses to delete
-- a customer who has orders.
CREATE TABLE orders (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  placed_at   timestamptz NOT NULL DEFAULT now(),
  status      text NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled'))
);

-- The lines of an order: each product at most once per order (the primary key), gone with their
-- order (CASCADE); a product that was ordered stays (RESTRICT).
CREATE TABLE order_items (
  order_id   integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
  quantity   integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);

-- PostgreSQL indexes the referenced keys, not the referencing columns: these serve
-- "the orders of a customer" and "the orders of a product", and the RESTRICT checks.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
