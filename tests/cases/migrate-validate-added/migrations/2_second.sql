CREATE TABLE t2(c int);
