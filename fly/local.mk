# The Fly.io image's file tree: `make fly-rootfs DESTDIR=/some/dir` (the
# Dockerfile's build stage runs it; tests run the release command in it).
# FLY_PROJECT is the folder with the app's atlas.hcl and migrations/.
FLY_PROJECT = $(srcdir)/examples/fly
fly-rootfs: atlas
	@test -n "$(DESTDIR)" || { echo "usage: make fly-rootfs DESTDIR=/path/to/rootfs" >&2; exit 1; }
	$(SHELL) $(srcdir)/scripts/fly-rootfs ./atlas "$(DESTDIR)" "$(FLY_PROJECT)"
.PHONY: fly-rootfs

EXTRA_DIST += scripts/fly-rootfs fly/Dockerfile fly/fly.toml fly/README.md examples/fly

# Tests of issue 7 (helper "fly"): --wait, signals, the rootfs, no stray
# network traffic, no password in any error.  The shell scripts run
# through tests/lib/run-test like every test under integration/ (it starts
# PostgreSQL); test_fly_lib.sh is their shared helper, not a test.
check_PROGRAMS += tests/unit/driver/test_wait
TESTS += tests/unit/driver/test_wait
tests_unit_driver_test_wait_SOURCES = tests/unit/driver/test_wait.c
tests_unit_driver_test_wait_CFLAGS = $(TEST_CFLAGS)
tests_unit_driver_test_wait_LDADD = $(TEST_LIBS)

FLY_TEST_SH = tests/integration/test_wait_pg.sh tests/integration/test_signal_apply.sh \
	tests/integration/test_fly_secrets.sh tests/integration/test_fly_network.sh \
	tests/integration/test_fly_rootfs.sh
TESTS += $(FLY_TEST_SH)
EXTRA_DIST += $(FLY_TEST_SH) tests/integration/test_fly_lib.sh \
	tests/integration/test_fly_data
