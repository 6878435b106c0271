/bin/cp
nonefix.sql
migrations/3_vac.sql
