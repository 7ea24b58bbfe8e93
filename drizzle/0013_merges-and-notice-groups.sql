ALTER TABLE `notifications` ADD `person_id` text REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `notifications` ADD `group_key` text;--> statement-breakpoint
CREATE INDEX `notifications_user_group` ON `notifications` (`user_id`,`group_key`,`created_at`);--> statement-breakpoint
ALTER TABLE `person_merges` ADD `survivor_before` text;--> statement-breakpoint
CREATE INDEX `people_merged_into` ON `people` (`merged_into_person_id`);