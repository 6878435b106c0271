/bin/sh
-c
test -e t1.db && test -e t2.db && test -e t3.db && ! test -e file:t1.db
