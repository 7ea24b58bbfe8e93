CREATE TABLE `naloxone_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`record_key` integer,
	`police_organisation_id` text NOT NULL,
	`reported_by_user_id` text NOT NULL,
	`administered_at` text NOT NULL,
	`area_id` text NOT NULL,
	`postcode` text DEFAULT '' NOT NULL,
	`location_description` text DEFAULT '' NOT NULL,
	`patient_state` text NOT NULL,
	`paraphernalia_present` integer NOT NULL,
	`doses` integer NOT NULL,
	`ambulance_responded` integer NOT NULL,
	`taken_to_hospital` integer NOT NULL,
	`person_id` text NOT NULL,
	`person_named_by_officer` integer NOT NULL,
	`arrest_referral_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`police_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `naloxone_reports_area_time` ON `naloxone_reports` (`area_id`,`administered_at`);--> statement-breakpoint
CREATE INDEX `naloxone_reports_time` ON `naloxone_reports` (`administered_at`);--> statement-breakpoint
CREATE INDEX `naloxone_reports_person` ON `naloxone_reports` (`person_id`,`administered_at`);--> statement-breakpoint
CREATE INDEX `naloxone_reports_police` ON `naloxone_reports` (`police_organisation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `naloxone_reports_referral` ON `naloxone_reports` (`arrest_referral_id`);--> statement-breakpoint
ALTER TABLE `arrest_referrals` ADD `awaiting_consent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `is_identified` integer DEFAULT true NOT NULL;--> statement-breakpoint

-- hand-written (keep when renumbering)
-- Each naloxone report gets a fixed random record key once, as every counted record does (decision 013).
CREATE TRIGGER record_key_naloxone_reports AFTER INSERT ON naloxone_reports WHEN NEW.record_key IS NULL
BEGIN
  UPDATE naloxone_reports SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
