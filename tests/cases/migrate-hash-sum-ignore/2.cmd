/bin/cat
migrations/atlas.sum
