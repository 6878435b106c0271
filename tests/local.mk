# Test infrastructure: the case runner and the PostgreSQL harness checks.
check_PROGRAMS += tests/lib/caserun tests/integration/test_harness
TESTS += tests/integration/test_harness tests/lib/caserun tests/integration/test_lazy_cases.sh
EXTRA_DIST += tests/integration/test_lazy_cases.sh

tests_lib_caserun_SOURCES = tests/lib/caserun.c
tests_lib_caserun_LDADD = $(ATLAS_LIBS)

tests_integration_test_harness_SOURCES = tests/integration/test_harness.c \
	tests/integration/pgtest.c tests/integration/pgtest.h
tests_integration_test_harness_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_harness_LDADD = $(TEST_LIBS)

# Every case folder ships with the distribution.
dist-hook:
	for d in tests/cases tests/vectors tests/fuzz/corpus examples; do \
	  if test -d $(srcdir)/$$d; then mkdir -p $(distdir)/$$d && cp -R $(srcdir)/$$d/. $(distdir)/$$d/; fi; \
	done
