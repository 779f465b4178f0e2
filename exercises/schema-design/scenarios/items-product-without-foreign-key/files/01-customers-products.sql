-- The shop's customers and the products it sells.
CREATE TABLE customers (
  id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name  text NOT NULL
);

-- One account per address, whatever its capitalisation: a UNIQUE constraint compares exactly,
-- a unique index on lower(email) compares the addresses as the mail system does.
CREATE UNIQUE INDEX customers_email_lower_key ON customers (lower(email));

CREATE TABLE products (
  id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku   text NOT NULL UNIQUE,
  name  text NOT NULL,
  price numeric(10, 2) NOT NULL CHECK (price >= 0)
);
