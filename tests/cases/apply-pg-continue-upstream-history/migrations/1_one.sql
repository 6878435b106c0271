CREATE TABLE one (id int);
