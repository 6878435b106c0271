# driver: sources and tests of src/driver (filled in by its module's work)
