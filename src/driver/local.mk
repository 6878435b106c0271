# driver: database URLs, the ops table, PostgreSQL (libpq) and SQLite back ends
libatlas_a_SOURCES += src/driver/url.c src/driver/revision.c src/driver/postgres.c \
	src/driver/sqlite.c
noinst_HEADERS += src/driver/driver.h src/driver/internal.h
libatlas_a_SOURCES += src/driver/wait.c
