-- atlas:txmode file

ALTER TABLE big ADD COLUMN w int;
