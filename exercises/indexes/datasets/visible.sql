-- The visible dataset of "indexes": a shop's 5,000 customers and their 50,000 orders, generated
-- (deterministically) so that the planner has real numbers to weigh an index against a scan.
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

-- Names, countries and domains cycle; every fifth customer typed their address capitalised.
INSERT INTO customers (id, email, name, country, created_at)
SELECT n,
       CASE WHEN n % 5 = 0 THEN initcap(first) || '.' || initcap(last) ELSE first || '.' || last END
         || n || '@' || (ARRAY['example.com', 'mail.test', 'post.example', 'inbox.test'])[1 + n % 4],
       initcap(first) || ' ' || initcap(last),
       (ARRAY['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'PT', 'PL'])[1 + n * 3 % 8],
       timestamptz '2021-01-01 00:00+00' + n * interval '94 minutes'
  FROM generate_series(1, 5000) AS n,
       LATERAL (SELECT (ARRAY['ann', 'bob', 'chloe', 'david', 'emma', 'farid', 'grace', 'hugo', 'ines', 'jonas',
                              'karim', 'lea', 'marco', 'nina', 'oscar', 'paula', 'quentin', 'rosa', 'sven', 'tara'])[1 + n % 20] AS first,
                       (ARRAY['martin', 'bernard', 'dubois', 'garcia', 'muller', 'rossi', 'silva', 'novak',
                              'jansen', 'peeters', 'kowalski', 'schmidt', 'moreau', 'lopez', 'costa'])[1 + n / 20 % 15] AS last) AS names;

-- One order every 30 minutes from 2022 to late 2024. A fifth of them come from 200 regular
-- customers (ids 1, 26, 51, …, 4976: some 58 orders each), the rest spread over everyone (some 8
-- each). About one order in 200 is still pending, plus the last 150; the newest are shipped.
INSERT INTO orders (id, customer_id, status, placed_at, total)
SELECT n,
       CASE WHEN n % 5 = 0 THEN 1 + n / 5 % 200 * 25 ELSE 1 + n * 7919 % 5000 END,
       CASE WHEN n % 211 = 7 OR n > 49850 THEN 'pending'
            WHEN n % 37 = 5 THEN 'cancelled'
            WHEN n > 49250 THEN 'shipped'
            ELSE 'delivered' END,
       timestamptz '2022-01-01 00:00+00' + n * interval '30 minutes' + n * 37 % 1200 * interval '1 second',
       5 + n * 7907 % 40000 / 100.0
  FROM generate_series(1, 50000) AS n;

ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
