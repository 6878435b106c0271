libatlas_a_SOURCES += src/cli/flags.c src/cli/commands.c src/cli/apply.c src/cli/status.c \
	src/cli/set.c src/cli/hash.c src/cli/validate.c src/cli/new.c src/cli/resolve.c src/cli/checksum.c
noinst_HEADERS += src/cli/cli.h
