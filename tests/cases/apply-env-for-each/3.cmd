/bin/sh
-c
test -e a.db && test ! -e c.db
