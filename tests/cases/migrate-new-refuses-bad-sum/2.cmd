/bin/ls
migrations
