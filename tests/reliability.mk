# The reliability suite (issue 8, helper "reliability"): concurrent
# deploys, killed processes, dropped connections and huge inputs, as
# integration scripts run through tests/lib/run-test (a throwaway
# PostgreSQL each).  They take minutes, so `make check` leaves them out:
# `make check-reliability` runs them (tests/run-all does, in the ASan+UBSan
# build).  RELIABILITY_SCALE=N divides the iteration counts (slow
# builds); RELIABILITY_SEED=S replays a kill test's random points.
RELIABILITY_TESTS = tests/integration/test_rel_concurrency.sh \
	tests/integration/test_rel_kill.sh tests/integration/test_rel_dropconn.sh \
	tests/integration/test_rel_huge.sh tests/integration/test_rel_txnone.sh \
	tests/integration/test_rel_kill_sqlite.sh
EXTRA_DIST += $(RELIABILITY_TESTS) tests/integration/test_rel_lib.sh tests/integration/test_pg_lib.sh

check-reliability: atlas
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(RELIABILITY_TESTS)'
.PHONY: check-reliability
