# migrate: sources and tests of src/migrate (filled in by its module's work)
