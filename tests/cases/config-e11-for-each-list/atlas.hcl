variable "dbs" { type = list(string) }
env "all" {
  for_each = var.dbs
  url      = each.value
}
