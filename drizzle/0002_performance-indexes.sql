DROP INDEX `people_family_key`;--> statement-breakpoint
CREATE INDEX `people_family_key_dob` ON `people` (`family_name_key`,`date_of_birth`);--> statement-breakpoint
CREATE INDEX `people_police_identifier_upper` ON `people` (upper("police_identifier"));--> statement-breakpoint
CREATE INDEX `people_health_identifier_upper` ON `people` (upper("health_identifier"));--> statement-breakpoint
CREATE INDEX `custody_offers_time` ON `custody_offers` (`recorded_at`);--> statement-breakpoint
CREATE INDEX `needs_assessments_completed` ON `needs_assessments` (`completed_at`);--> statement-breakpoint
CREATE INDEX `notifications_kind_link` ON `notifications` (`kind`,`link`);--> statement-breakpoint
CREATE INDEX `onward_referrals_created` ON `onward_referrals` (`created_at`);