variable "envfile" {
  type    = string
  default = ".env"
}
locals {
  lines = [
    for l in split("\n", file(var.envfile)) : trimspace(l)
    if trimspace(l) != "" && !startswith(trimspace(l), "#")
  ]
  kv = {
    for l in local.lines :
    split("=", l)[0] => join("=", slice(split("=", l), 1, length(split("=", l))))
  }
}
env "local" {
  url = atlas.env == "local" ? local.kv["DATABASE_URL"] : ""
}
