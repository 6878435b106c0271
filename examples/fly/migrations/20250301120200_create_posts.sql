CREATE TABLE "posts" (
  "id" bigserial NOT NULL,
  "user_id" bigint NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "body" text NOT NULL DEFAULT '',
  PRIMARY KEY ("id")
);
CREATE INDEX "posts_user_id" ON "posts" ("user_id");
