-- The staff of a small company (the dataset your queries run on).
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
  (3, 'Sales'),
  (4, 'Marketing'),
  (5, 'Legal'),
  (6, 'Research');

INSERT INTO employees (id, name, department_id, manager_id, salary, hired_on) VALUES
  (1,  'Helen Park',   1, NULL, 12000.00, '2014-02-03'),
  (2,  'Omar Haddad',  2, 1,    9500.00,  '2015-06-15'),
  (3,  'Lucia Romero', 3, 1,    8000.00,  '2016-01-11'),
  (4,  'Tom Becker',   4, 1,    7000.00,  '2017-09-04'),
  (5,  'Priya Nair',   2, 2,    7200.00,  '2017-03-20'),
  (6,  'Jonas Berg',   2, 2,    6800.00,  '2018-05-02'),
  (7,  'Mei Chen',     2, 5,    5200.00,  '2019-10-14'),
  (8,  'Sam Okafor',   2, 5,    4900.00,  '2020-02-17'),
  (9,  'Ana Costa',    3, 3,    5600.00,  '2018-11-05'),
  (10, 'Felix Wagner', 3, 3,    4600.00,  '2021-04-12'),
  (11, 'Nora Lind',    3, 9,    3900.00,  '2022-08-29'),
  (12, 'Diego Ruiz',   4, 4,    4800.00,  '2020-07-01'),
  (13, 'Kim Soto',     4, 4,    5300.00,  '2019-01-21'),
  (14, 'Leo Marsh',    1, 1,    4500.00,  '2021-09-13'),
  (15, 'Ivy Grant',    2, 6,    5600.00,  '2020-11-30'),
  (16, 'Ruth Adams',   2, 7,    4100.00,  '2023-03-06'),
  (17, 'Paul Weber',   3, 3,    4400.00,  '2023-05-22');
