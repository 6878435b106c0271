# config: sources and tests of src/config (filled in by its module's work)
