/bin/sh
-c
rm db.sqlite && cp broken.sql migrations/3_third.sql
