/bin/sh
-c
rm migrations/3_third.sql
