variable "tenant" { type = string }
env "local" {
  url = "sqlite://local.db"
}
