CREATE TABLE four (id int);
INSERT INTO four VALUES (4);
