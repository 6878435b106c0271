# report: sources and tests of src/report (filled in by its module's work)
