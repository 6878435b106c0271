/bin/cp
fixed.sql
migrations/1_a.sql
