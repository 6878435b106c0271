CREATE TABLE child (id int, pid int REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO child VALUES (1, 42);
-- edited after hashing
