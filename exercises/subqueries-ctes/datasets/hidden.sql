-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong (people without a department, ties at the top, a salary exactly at
-- its department's average, a department of one, a deeper chain of reports).
CREATE TABLE departments (
  id   integer PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE employees (
  id            integer PRIMARY KEY,
  name          text NOT NULL,
  department_id integer REFERENCES departments (id),
  manager_id    integer REFERENCES employees (id),
  salary        numeric(9, 2) NOT NULL,
  hired_on      date NOT NULL
);

INSERT INTO departments (id, name) VALUES
  (1, 'Management'),
  (2, 'Engineering'),
  (3, 'Support'),
  (4, 'Design'),
  (5, 'Facilities'),
  (6, 'Legal'),
  (7, 'Training');

INSERT INTO employees (id, name, department_id, manager_id, salary, hired_on) VALUES
  (1,  'Rosa Diaz',  1,    NULL, 15000.00, '2012-01-09'),
  (2,  'Karl Berg',  2,    1,    9000.00,  '2014-04-01'),
  (3,  'Yuki Sato',  3,    1,    6000.00,  '2015-07-13'),
  (4,  'Ben Carter', 4,    1,    7000.00,  '2016-02-29'),
  (5,  'Lena Vogel', 2,    2,    9000.00,  '2016-10-03'),
  (6,  'Ravi Shah',  2,    5,    6500.00,  '2018-03-19'),
  (7,  'Ella Moss',  2,    6,    5000.00,  '2020-06-08'),
  (8,  'Hugo Lam',   2,    7,    4500.00,  '2022-01-17'),
  (9,  'Zoe Quinn',  NULL, 2,    8000.00,  '2021-05-10'),
  (10, 'Ian Price',  NULL, NULL, 3000.00,  '2023-02-20'),
  (11, 'Mia Ford',   3,    3,    4000.00,  '2019-09-09'),
  (12, 'Omar Diab',  3,    3,    5000.00,  '2018-12-03'),
  (13, 'Sara Holm',  4,    4,    7000.00,  '2017-08-21'),
  (14, 'Noah Kent',  4,    4,    4000.00,  '2021-11-15'),
  (15, 'Tess Wood',  6,    1,    6200.00,  '2019-04-29'),
  (16, 'Adam Roth',  1,    1,    5200.00,  '2020-10-26');
