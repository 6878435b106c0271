locals {
  dbs = ["c", "a", "b/missing"]
}
env "multi" {
  for_each = toset(local.dbs)
  url      = "sqlite://${each.value}.db"
  migration {
    dir = "file://migrations"
  }
}
