variable "db" {
  type = string
}
env {
  name = atlas.env
  url  = "sqlite://${var.db}"
  migration {
    dir = "file://migrations/${atlas.env}"
  }
}
