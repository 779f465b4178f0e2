-- The hidden dataset of "indexes": the same tables, other numbers. 6,000 customers, 120 of them
-- signed up a second time with the same address in other capitals (so lower(email) is not
-- unique), and 60,000 orders with other proportions of regular customers and pending orders.
CREATE TABLE customers (
  id         integer PRIMARY KEY,
  email      text NOT NULL,
  name       text NOT NULL,
  country    text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE orders (
  id          integer PRIMARY KEY,
  customer_id integer NOT NULL,
  status      text NOT NULL,
  placed_at   timestamptz NOT NULL,
  total       numeric(10, 2) NOT NULL
);

-- Customers 5881 to 6000 are second accounts of customers 5, 10, …, 600 (85 included), with
-- their address in capitals; a third of the others typed theirs capitalised.
INSERT INTO customers (id, email, name, country, created_at)
SELECT n,
       CASE WHEN n > 5880 THEN upper(address)
            WHEN n % 3 = 0 THEN initcap(first) || '.' || initcap(last) || b || '@' || domain
            ELSE address END,
       initcap(first) || ' ' || initcap(last),
       (ARRAY['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'PT', 'PL', 'IE'])[1 + n * 5 % 9],
       timestamptz '2020-06-01 00:00+00' + n * interval '106 minutes'
  FROM generate_series(1, 6000) AS n,
       LATERAL (SELECT CASE WHEN n > 5880 THEN (n - 5880) * 5 ELSE n END AS b) AS base,
       LATERAL (SELECT (ARRAY['ann', 'bob', 'chloe', 'david', 'emma', 'farid', 'grace', 'hugo', 'ines', 'jonas',
                              'karim', 'lea', 'marco', 'nina', 'oscar', 'paula', 'quentin', 'rosa', 'sven', 'tara'])[1 + b % 20] AS first,
                       (ARRAY['martin', 'bernard', 'dubois', 'garcia', 'muller', 'rossi', 'silva', 'novak',
                              'jansen', 'peeters', 'kowalski', 'schmidt', 'moreau', 'lopez', 'costa'])[1 + b / 20 % 15] AS last,
                       (ARRAY['example.com', 'mail.test', 'post.example', 'inbox.test'])[1 + b % 4] AS domain) AS names,
       LATERAL (SELECT first || '.' || last || b || '@' || domain AS address) AS plain;

-- One order every 24 minutes from mid-2021 to early 2024. A quarter of them come from 150
-- regular customers (ids 1, 26, 51, …, 3726: some 110 orders each), the rest from everyone.
-- About one order in 100 is pending, plus the last 250.
INSERT INTO orders (id, customer_id, status, placed_at, total)
SELECT n,
       CASE WHEN n % 4 = 0 THEN 1 + n / 4 % 150 * 25 ELSE 1 + n * 4801 % 6000 END,
       CASE WHEN n % 97 = 11 OR n > 59750 THEN 'pending'
            WHEN n % 29 = 3 THEN 'cancelled'
            WHEN n > 59000 THEN 'shipped'
            WHEN n % 53 = 17 THEN 'refunded'
            ELSE 'delivered' END,
       timestamptz '2021-07-01 00:00+00' + n * interval '24 minutes' + n * 61 % 1400 * interval '1 second',
       3 + n * 6007 % 55000 / 100.0
  FROM generate_series(1, 60000) AS n;

ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
