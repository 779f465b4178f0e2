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

CREATE DOMAIN order_status AS text NOT NULL DEFAULT 'pending'
  CONSTRAINT order_status_known CHECK (VALUE IN ('pending', 'paid', 'shipped', 'cancelled'));
CREATE DOMAIN moment AS timestamptz NOT NULL DEFAULT now();
CREATE DOMAIN item_quantity AS integer NOT NULL CONSTRAINT item_quantity_at_least_one CHECK (VALUE >= 1);

CREATE TABLE orders (
  id serial,
  customer_id integer NOT NULL,
  placed_at moment,
  status order_status,
  CONSTRAINT orders_pkey PRIMARY KEY (id),
  CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE NO ACTION
);

CREATE TABLE order_items (
  order_id integer NOT NULL,
  product_id integer NOT NULL,
  quantity item_quantity,
  CONSTRAINT order_items_pkey PRIMARY KEY (order_id, product_id),
  CONSTRAINT order_items_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT order_items_product_fkey FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE NO ACTION
);
