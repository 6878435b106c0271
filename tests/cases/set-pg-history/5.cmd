/bin/sh
-c
rm migrations/*.sql
