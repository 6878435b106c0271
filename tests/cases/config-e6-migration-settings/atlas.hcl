variable "db_url" {
  type    = string
  default = getenv("DATABASE_URL")
}
variable "lock" {
  type    = string
  default = "30s"
}
env "prod" {
  url = var.db_url
  migration {
    dir              = "file://migrations"
    lock_timeout     = var.lock
    revisions_schema = "main"
    baseline         = "20240101000000"
    exec_order       = LINEAR_SKIP
  }
}
