locals {
  seed = trimspace(file("seed-url.txt"))
}
env "prod" {
  url = local.seed
  migration {
    dir = "file://migrations"
  }
}
