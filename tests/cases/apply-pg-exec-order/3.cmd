/bin/sh
-c
cp late1.sql migrations/1.5_late1.sql && cp late2.sql migrations/1.6_late2.sql
