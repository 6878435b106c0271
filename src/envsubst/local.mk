# envsubst: sources and tests of src/envsubst (filled in by its module's work)
