CREATE TABLE sig_a (id int);
