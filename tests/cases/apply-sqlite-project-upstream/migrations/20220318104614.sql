-- Create "users" table
CREATE TABLE `users` (`id` int NOT NULL);
