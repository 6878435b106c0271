/bin/mkdir
migrations
