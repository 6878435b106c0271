CREATE TABLE big (id int, v text);
INSERT INTO big SELECT g, g::text FROM generate_series(1, 1000) g;
