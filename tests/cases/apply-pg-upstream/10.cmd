/bin/cp
broken.sql
migrations/4_fourth.sql
