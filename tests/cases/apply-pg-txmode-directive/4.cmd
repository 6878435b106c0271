/bin/cp
all.sql
migrations/4_all.sql
