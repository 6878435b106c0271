CREATE TABLE late2 (id int);
