/bin/sh
-c
cat migrations/*_edited.sql; ls tmp | wc -l
