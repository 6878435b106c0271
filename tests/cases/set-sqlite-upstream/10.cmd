/bin/rm
db.sqlite
