CREATE TABLE `posts` (
  `id` integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  `user_id` integer NOT NULL REFERENCES `users` (`id`) ON DELETE CASCADE,
  `title` text NOT NULL,
  `body` text NOT NULL DEFAULT ''
);
CREATE INDEX `posts_user_id` ON `posts` (`user_id`);
