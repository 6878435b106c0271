env "local" {
    url = "sqlite://app.db"
    dev = "sqlite://test?mode=memory&_fk=1"
    src = "./1.hcl"
    migration {
        dir = "file://migrations"
        format = atlas
    }
}
