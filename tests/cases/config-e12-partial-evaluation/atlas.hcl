env "local" {
  url = "sqlite://local.db"
}
env "prod" {
  url = env("DATABASE_URL")
}
