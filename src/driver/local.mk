# driver: database URLs, the ops table, PostgreSQL (libpq) and SQLite back ends
noinst_HEADERS += src/driver/driver.h
