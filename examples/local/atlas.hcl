# A local project on the embedded SQLite default: no server needed.
#   atlas migrate apply --env local
env "local" {
  url = "sqlite://app.db?_fk=1"
  migration {
    dir = "file://migrations"
  }
}
