env "prod" {
  url = "sqlite://app.db"
  migration {
    lock_timeout = "ten"
  }
}
