/bin/mkdir
tmp
