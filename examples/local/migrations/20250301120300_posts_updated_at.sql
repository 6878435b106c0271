ALTER TABLE `posts` ADD COLUMN `updated_at` datetime NULL;
CREATE TRIGGER `posts_touch` AFTER UPDATE ON `posts`
BEGIN
  UPDATE `posts` SET `updated_at` = CURRENT_TIMESTAMP WHERE `id` = NEW.`id`;
END;
