-- A second dataset, never shown to learners: the same tables, with the cases a query fitted to
-- the visible rows gets wrong. Rows are stored out of id order, and:
-- - people without a department (department_id NULL), one of them reporting to employee 2;
-- - a salary exactly at its department's average, a department of one, and a payroll exactly
--   at the average payroll;
-- - two departments with the same name, and departments without employees;
-- - two people sharing the top salary of a department, and a salary equal to another
--   department's top salary;
-- - a chain of reports four levels deep below employee 2, with people at one depth whose ids
--   are not in the order of their names.
-- Wherever a task sorts text, byte order (C) and en-US order agree on these names.
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
  (6, 'Legal'),
  (2, 'Engineering'),
  (7, 'Training'),
  (1, 'Management'),
  (4, 'Design'),
  (8, 'Support'),
  (5, 'Facilities'),
  (3, 'Support');

INSERT INTO employees (id, name, department_id, manager_id, salary, hired_on) VALUES
  (8,  'Hugo Lam',   2,    7,    4500.00,  '2022-01-17'),
  (13, 'Sara Holm',  4,    4,    7000.00,  '2017-08-21'),
  (2,  'Karl Berg',  2,    1,    9000.00,  '2014-04-01'),
  (17, 'Anna Berg',  2,    2,    5500.00,  '2023-03-01'),
  (10, 'Ian Price',  NULL, NULL, 3000.00,  '2023-02-20'),
  (5,  'Lena Vogel', 2,    2,    9000.00,  '2016-10-03'),
  (11, 'Mia Ford',   3,    3,    4000.00,  '2019-09-09'),
  (19, 'Lea Roy',    8,    18,   5300.00,  '2022-05-16'),
  (1,  'Rosa Diaz',  1,    NULL, 15000.00, '2012-01-09'),
  (6,  'Ravi Shah',  2,    5,    6000.00,  '2018-03-19'),
  (15, 'Tess Wood',  6,    1,    6200.00,  '2019-04-29'),
  (3,  'Yuki Sato',  3,    1,    6000.00,  '2015-07-13'),
  (9,  'Zoe Quinn',  NULL, 2,    8000.00,  '2021-05-10'),
  (14, 'Noah Kent',  4,    4,    4300.00,  '2021-11-15'),
  (7,  'Ella Moss',  2,    6,    5000.00,  '2020-06-08'),
  (18, 'Kai Ito',    8,    1,    5800.00,  '2020-02-03'),
  (16, 'Adam Roth',  1,    1,    5200.00,  '2020-10-26'),
  (12, 'Omar Diab',  3,    3,    5000.00,  '2018-12-03'),
  (4,  'Ben Carter', 4,    1,    7000.00,  '2016-02-29');
