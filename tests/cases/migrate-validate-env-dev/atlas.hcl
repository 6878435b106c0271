env "local" {
  url = "sqlite://app.db"
  dev = "docker://postgres/15/dev"
  migration {
    dir = "file://migrations"
  }
}
