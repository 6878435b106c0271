# report: sources and tests of src/report (filled in by its module's work)
noinst_HEADERS += src/report/internal.h
libatlas_a_SOURCES += src/report/gofmt.c src/report/printable.c src/report/json.c \
	src/report/apply.c src/report/status.c src/report/set.c src/report/format.c
EXTRA_DIST += src/report/gen-printable.c

check_PROGRAMS += tests/unit/report/test_report
TESTS += tests/unit/report/test_report
tests_unit_report_test_report_SOURCES = tests/unit/report/test_gofmt.c tests/unit/report/test_apply.c
tests_unit_report_test_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_report_test_report_LDADD = $(TEST_LIBS)
