CREATE TABLE three (id int);
CREATE TABLE three_b (id int);
