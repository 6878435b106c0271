/bin/cp
all4.sql
migrations/4_a.sql
