/bin/cp
fixed2.sql
migrations/2_fail.sql
