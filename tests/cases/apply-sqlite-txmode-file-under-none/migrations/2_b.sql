-- atlas:txmode file

CREATE TABLE b (id int);
