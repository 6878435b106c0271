/bin/rm
migrations/2_b.sql
