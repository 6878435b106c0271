locals {
  tenants = ["globex", "acme", "acme"]
}
env "tenants" {
  for_each = toset(local.tenants)
  url      = "sqlite://${each.value}.db"
}
