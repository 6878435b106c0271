-- atlas:txmode none

CREATE INDEX CONCURRENTLY big_v ON big (v);
CREATE UNIQUE INDEX CONCURRENTLY big_id ON big (id);
