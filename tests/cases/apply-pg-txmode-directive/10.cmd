/bin/cp
unknown.sql
migrations/4_all.sql
