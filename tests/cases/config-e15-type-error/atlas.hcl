env "prod" {
  url = "sqlite://app.db"
  migration {
    baseline = 20240101000000
  }
}
