CREATE TABLE late1 (id int);
