libatlas_a_SOURCES += src/util/arena.c src/util/strbuf.c src/util/diag.c src/util/misc.c src/util/text.c src/util/printable.c
noinst_HEADERS += src/util/util.h src/util/banned.h

check_PROGRAMS += tests/unit/util/test_util
TESTS += tests/unit/util/test_util
tests_unit_util_test_util_SOURCES = tests/unit/util/test_arena.c tests/unit/util/test_strbuf.c \
	tests/unit/util/test_diag.c
tests_unit_util_test_util_CFLAGS = $(TEST_CFLAGS)
tests_unit_util_test_util_LDADD = $(TEST_LIBS)
EXTRA_DIST += src/util/gen-printable.c
