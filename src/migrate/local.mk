# migrate: migration directory, atlas.sum, statement splitter (src/migrate)
libatlas_a_SOURCES += src/migrate/dir.c src/migrate/sum.c src/migrate/split.c \
	src/migrate/directive.c src/migrate/format.c
noinst_HEADERS += src/migrate/migrate.h src/migrate/internal.h
