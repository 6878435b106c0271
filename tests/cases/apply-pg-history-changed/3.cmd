/bin/cp
edited.sql
migrations/1_a.sql
