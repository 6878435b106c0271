# report: upstream's console output (text and JSON) and the Go formatting
# helpers (durations, quoting, JSON strings, RFC 3339 times).
noinst_HEADERS += src/report/report.h
noinst_HEADERS += src/report/internal.h
libatlas_a_SOURCES += src/report/gofmt.c src/report/json.c \
	src/report/apply.c src/report/status.c src/report/set.c src/report/format.c

check_PROGRAMS += tests/unit/report/test_report
TESTS += tests/unit/report/test_report
tests_unit_report_test_report_SOURCES = tests/unit/report/test_gofmt.c tests/unit/report/test_apply.c \
	tests/unit/report/test_status.c tests/unit/report/test_format.c
tests_unit_report_test_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_report_test_report_LDADD = $(TEST_LIBS)

EXTRA_PROGRAMS += tests/fuzz/fuzz_report
FUZZ_TARGETS += tests/fuzz/fuzz_report
tests_fuzz_fuzz_report_SOURCES = tests/fuzz/fuzz_report.c
tests_fuzz_fuzz_report_LDADD = $(ATLAS_LIBS)
tests_fuzz_fuzz_report_LDFLAGS = $(FUZZ_LDFLAGS)
