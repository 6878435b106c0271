/bin/cp
all5.sql
migrations/5_b.sql
