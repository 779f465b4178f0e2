DROP TABLE submissions;
DROP TABLE exercises;
