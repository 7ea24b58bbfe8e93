CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`recipient_user_id` text,
	`recipient_service_id` text,
	`person_id` text,
	`arrest_referral_id` text,
	`onward_referral_id` text,
	`template` text NOT NULL,
	`personalisation` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`status_reason` text,
	`provider` text,
	`provider_id` text,
	`attempts` text DEFAULT '[]' NOT NULL,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_attempt_at` text,
	`sent_at` text,
	`delivery_status` text,
	`delivery_status_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`recipient_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`onward_referral_id`) REFERENCES `onward_referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedupe_key_unique` ON `messages` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `messages_due` ON `messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `messages_created` ON `messages` (`created_at`);--> statement-breakpoint
CREATE INDEX `messages_provider_id` ON `messages` (`provider_id`);--> statement-breakpoint
ALTER TABLE `people` ADD `phone_not_working_at` text;--> statement-breakpoint
ALTER TABLE `services` ADD `referral_email` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `alert_emails` text DEFAULT 'immediately' NOT NULL;