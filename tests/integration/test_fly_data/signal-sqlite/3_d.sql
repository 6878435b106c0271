CREATE TABLE sig_d (id int);
