env "prod" {
  url = var.database_url
}
