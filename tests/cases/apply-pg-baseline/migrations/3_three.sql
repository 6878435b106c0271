CREATE TABLE three (id int);
