variable "port" { type = number }
env "prod" {
  url = "sqlite://db-${var.port}.db"
}
