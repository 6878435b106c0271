/bin/sh
-c
test ! -e x.db
