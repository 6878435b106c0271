/bin/rm
migrations/4_fourth.sql
