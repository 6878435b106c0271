-- atlas:txmode file

CREATE TABLE a (id int);
