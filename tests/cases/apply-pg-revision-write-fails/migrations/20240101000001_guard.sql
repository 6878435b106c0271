CREATE TABLE t1 (id int);
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'revisions are read-only'; END $$;
CREATE TRIGGER refuse BEFORE INSERT ON atlas_schema_revisions.atlas_schema_revisions FOR EACH ROW EXECUTE FUNCTION refuse();
