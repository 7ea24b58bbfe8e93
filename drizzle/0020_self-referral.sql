CREATE TABLE `campaign_page_opens` (
	`campaign_id` text NOT NULL,
	`day` text NOT NULL,
	`opens` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `day`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `public_form_attempts` (
	`bucket` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `public_form_attempts_bucket` ON `public_form_attempts` (`bucket`,`at`);--> statement-breakpoint
CREATE INDEX `public_form_attempts_at` ON `public_form_attempts` (`at`);--> statement-breakpoint
CREATE TABLE `self_referral_details` (
	`arrest_referral_id` text PRIMARY KEY NOT NULL,
	`contact_by` text NOT NULL,
	`email` text,
	`may_leave_message` integer DEFAULT false NOT NULL,
	`contact_times` text NOT NULL,
	`needs` text NOT NULL,
	`other_needs` text,
	`language` text NOT NULL,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `people` ADD `name_is_alias` integer DEFAULT false NOT NULL;--> statement-breakpoint

-- hand-written (keep when renumbering)
INSERT INTO consent_wordings (id, scope, version, text) VALUES
('cw-self-referral-1', 'self_referral', 1, 'By sending this form you agree that the support service named on the page may keep what you wrote and contact you in the way you chose, to offer support. You can ask them to stop and delete it at any time.');
