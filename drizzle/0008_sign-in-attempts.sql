CREATE TABLE `sign_in_attempts` (
	`address` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_by_address` ON `sign_in_attempts` (`address`,`kind`,`at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_by_time` ON `sign_in_attempts` (`at`);