/bin/cp
vacuum.sql
migrations/3_vac.sql
