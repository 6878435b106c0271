CREATE TABLE t1 (id bigint);
CREATE TABLE t2 (id int);
THIS IS BROKEN;
CREATE TABLE t3 (id int);
