/bin/sh
-c
ls -A migrations | sed -E "s/^[0-9]{14}/TS/" | LC_ALL=C sort; cat migrations/*_1.sql | wc -c
