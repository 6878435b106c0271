/bin/sh
-c
touch migrations/2.sql
