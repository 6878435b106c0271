CREATE TABLE t (n int);
-- a comment before a statement
INSERT INTO t VALUES (1);
/* only a comment */;
INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);
-- a line comment, then a lone semicolon
;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
/* a block comment alone at the end */
