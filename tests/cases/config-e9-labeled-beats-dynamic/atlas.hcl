env "prod" {
  url = "sqlite://prod.db"
}
env {
  name = atlas.env
  url  = "sqlite://${atlas.env}.db"
}
