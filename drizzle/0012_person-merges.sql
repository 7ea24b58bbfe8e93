CREATE TABLE `person_merges` (
	`id` text PRIMARY KEY NOT NULL,
	`surviving_person_id` text NOT NULL,
	`merged_person_id` text NOT NULL,
	`reason` text NOT NULL,
	`moved` text NOT NULL,
	`merged_by_user_id` text NOT NULL,
	`merged_at` text NOT NULL,
	`undone_at` text,
	`undone_by_user_id` text,
	`undo_reason` text,
	FOREIGN KEY (`surviving_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merged_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merged_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`undone_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_merges_surviving` ON `person_merges` (`surviving_person_id`);--> statement-breakpoint
CREATE INDEX `person_merges_merged` ON `person_merges` (`merged_person_id`);--> statement-breakpoint
ALTER TABLE `people` ADD `new_person_reason` text;--> statement-breakpoint
ALTER TABLE `people` ADD `merged_into_person_id` text;