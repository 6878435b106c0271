# The project file baked into the Fly image (/app/atlas.hcl).
env "prod" {
  url = getenv("DATABASE_URL")
  migration {
    dir          = "file://migrations"
    lock_timeout = "1m"
  }
}
