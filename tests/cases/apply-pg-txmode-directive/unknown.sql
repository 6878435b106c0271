-- atlas:txmode sometimes

SELECT 1;
