CREATE TABLE `vets` (`id` bigint NOT NULL, `name` varchar(255) NOT NULL, PRIMARY KEY(`id`));
asdf ALTER TABLE `users` ADD UNIQUE INDEX `name` (`name`);
