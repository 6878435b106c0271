env "prod" {
  url     = "sqlite://app.db"
  tx-mode = "all"
  dev-url = "sqlite://dev?mode=memory"
}
