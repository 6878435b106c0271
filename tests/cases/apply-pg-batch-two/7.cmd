/bin/cp
none.sql
migrations/3_vac.sql
