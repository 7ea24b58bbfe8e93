ALTER TABLE `notifications` ADD `person_id` text REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `notifications` ADD `group_key` text;--> statement-breakpoint
CREATE INDEX `notifications_user_group` ON `notifications` (`user_id`,`group_key`,`created_at`);--> statement-breakpoint
ALTER TABLE `person_merges` ADD `survivor_before` text;--> statement-breakpoint
CREATE INDEX `people_merged_into` ON `people` (`merged_into_person_id`);--> statement-breakpoint

-- hand-written (keep when renumbering)
UPDATE `notifications` SET `group_key` = 'feedback.overdue:' || substr(`created_at`, 1, 10) WHERE `kind` = 'feedback.overdue' AND `group_key` IS NULL;--> statement-breakpoint
UPDATE `notifications` SET `person_id` = (SELECT `person_id` FROM `arrest_referrals` WHERE '/worker/referrals/' || `arrest_referrals`.`id` = substr(`notifications`.`link`, 1, instr(`notifications`.`link` || '#', '#') - 1)) WHERE `person_id` IS NULL AND `link` LIKE '/worker/referrals/%';--> statement-breakpoint
UPDATE `notifications` SET `person_id` = (SELECT `person_id` FROM `onward_referrals` WHERE '/service/referrals/' || `onward_referrals`.`id` = substr(`notifications`.`link`, 1, instr(`notifications`.`link` || '#', '#') - 1)) WHERE `person_id` IS NULL AND `link` LIKE '/service/referrals/%';
