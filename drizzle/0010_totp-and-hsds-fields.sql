ALTER TABLE `services` ADD `address_line_1` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `address_line_2` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `city` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `region` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `alternate_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `fees_description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `application_process` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `interpretation_services` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `minimum_age` integer;--> statement-breakpoint
ALTER TABLE `services` ADD `maximum_age` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `totp_last_used_step` integer;--> statement-breakpoint

-- hand-written (keep when renumbering)
-- Moves the last used step out of "SECRET:STEP" into its own column (SET reads the old row).
UPDATE `users` SET `totp_last_used_step` = CAST(substr(`totp_secret`, instr(`totp_secret`, ':') + 1) AS INTEGER), `totp_secret` = substr(`totp_secret`, 1, instr(`totp_secret`, ':') - 1) WHERE instr(`totp_secret`, ':') > 0;
--> statement-breakpoint
-- hand-written (keep when renumbering)
-- An address kept as one line becomes its first line whole: where the town starts is not guessed.
UPDATE `services` SET `address_line_1` = `address` WHERE `address_line_1` = '' AND `address` <> '';
