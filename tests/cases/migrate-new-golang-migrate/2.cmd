/bin/sh
-c
ls db | sed -E "s/^[0-9]{14}/TS/" | LC_ALL=C sort
