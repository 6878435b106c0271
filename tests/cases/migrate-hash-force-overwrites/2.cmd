/usr/bin/cmp
migrations/atlas.sum
expected.sum
