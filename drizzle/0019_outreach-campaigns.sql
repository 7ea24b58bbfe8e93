CREATE TABLE `campaign_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`phone` text,
	`number_hash` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`skip_reason` text,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text,
	`sent_at` text,
	`provider_id` text,
	`error` text,
	`delivery_status` text,
	`delivery_status_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_numbers_campaign_hash` ON `campaign_numbers` (`campaign_id`,`number_hash`);--> statement-breakpoint
CREATE INDEX `campaign_numbers_campaign_status` ON `campaign_numbers` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `campaign_numbers_hash_sent` ON `campaign_numbers` (`number_hash`,`sent_at`);--> statement-breakpoint
CREATE INDEX `campaign_numbers_provider_id` ON `campaign_numbers` (`provider_id`);--> statement-breakpoint
CREATE TABLE `campaign_template_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`template` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text,
	`reviewed_by_user_id` text NOT NULL,
	`reviewed_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_template_reviews_campaign` ON `campaign_template_reviews` (`campaign_id`,`reviewed_at`);--> statement-breakpoint
CREATE TABLE `do_not_contact` (
	`number_hash` text PRIMARY KEY NOT NULL,
	`campaign_id` text,
	`via` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `investigation_reference` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `template` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `rate_per_minute` integer DEFAULT 600 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `retention_days` integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `upload_summary` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `numbers_uploaded_at` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `sending_started_at` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `sending_finished_at` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `numbers_erased_at` text;