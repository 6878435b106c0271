CREATE UNIQUE INDEX "users_age_key" ON "users" ("age");
