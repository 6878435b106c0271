CREATE TABLE four (id int);
