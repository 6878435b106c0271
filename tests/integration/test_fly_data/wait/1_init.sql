CREATE TABLE waited (id int);
