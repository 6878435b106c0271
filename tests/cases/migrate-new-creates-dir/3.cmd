/bin/sh
-c
cat migrations/*_add_users.sql | wc -c; wc -l < migrations/atlas.sum
