ALTER TABLE `users` ADD UNIQUE INDEX `age` (`age`);
