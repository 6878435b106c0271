CREATE TABLE "users" (
  "id" bigserial NOT NULL,
  "email" text NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "users_email" ON "users" ("email");
