CREATE TABLE sig_b (id int);
SELECT pg_sleep(4);
CREATE TABLE sig_c (id int);
