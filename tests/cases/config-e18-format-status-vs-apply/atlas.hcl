env "prod" {
  url = "sqlite://app.db"
  migration {
    dir    = "file://migrations"
    format = golang-migrate
  }
}
