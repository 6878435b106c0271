CREATE TABLE `users` (
  `id` integer NOT NULL,
  `age` integer NOT NULL,
  `name` TEXT NOT NULL,
  PRIMARY KEY (`id`)
);
