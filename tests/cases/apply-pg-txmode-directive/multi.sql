-- atlas:txmode none
-- atlas:txmode file

SELECT 1;
