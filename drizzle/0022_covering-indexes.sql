DROP INDEX `naloxone_reports_referral`;--> statement-breakpoint
DROP INDEX `notifications_user`;--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`,`group_key`,`id`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_outside_custody` ON `arrest_referrals` (`source`,`created_at`,`area_id`,`closure_reason`,`record_key`,`custody_centre_id`) WHERE "arrest_referrals"."custody_centre_id" IS NULL;