/bin/sh
-c
wc -l < db/atlas.sum
