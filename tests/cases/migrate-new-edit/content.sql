CREATE TABLE edited (id int);
