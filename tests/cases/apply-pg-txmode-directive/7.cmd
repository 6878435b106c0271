/bin/cp
multi.sql
migrations/4_all.sql
