/bin/cp
late.sql
db/migrations/1.5_late.sql
