/bin/sh
-c
ls migrations | sed -E "s/^[0-9]{14}/TS/"
