/bin/sh
-c
cat migrations/atlas.sum
