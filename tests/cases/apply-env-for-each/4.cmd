/bin/mkdir
b
