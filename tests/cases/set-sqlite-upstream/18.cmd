/bin/sh
-c
rm db.sqlite && mv broken.sql migrations/4.sql
