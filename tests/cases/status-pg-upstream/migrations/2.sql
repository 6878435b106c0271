ALTER TABLE "users" ADD COLUMN "happy" boolean NOT NULL DEFAULT true;
