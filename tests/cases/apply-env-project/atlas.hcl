env "prod" {
  url = getenv("DATABASE_URL")
  migration {
    dir              = "file://db/migrations"
    revisions_schema = "public"
    exec_order       = LINEAR_SKIP
    lock_timeout     = "2s"
  }
}
