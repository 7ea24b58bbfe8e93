DROP INDEX `onward_referrals_first_appointment`;--> statement-breakpoint
CREATE INDEX `onward_referrals_first_appointment` ON `onward_referrals` (`first_appointment_at`,`created_at`);