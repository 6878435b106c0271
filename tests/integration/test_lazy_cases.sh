#!/bin/sh
# Issue 9: every end-to-end case once more with the statement connection
# deferred (ATLAS_TEST_LAZY_FILES=0: what `migrate apply` does over more
# than 100 files on a server on this machine, see DRIVER_OPEN_LAZY), so
# that its paths give the same output, errors and rows: reads on the lock
# connection, the revision table created there, the statement connection
# started for a first file, a transaction or a write.
ATLAS_TEST_LAZY_FILES=0
export ATLAS_TEST_LAZY_FILES
exec ./tests/lib/caserun
