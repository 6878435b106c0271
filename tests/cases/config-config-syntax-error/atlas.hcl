env "prod" {
  url: "postgres://h/db"
}
