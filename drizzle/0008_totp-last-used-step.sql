ALTER TABLE `users` ADD `totp_last_used_step` integer;--> statement-breakpoint
-- hand-written (keep when renumbering)
-- Moves the last used step out of "SECRET:STEP" into its own column (SET reads the old row).
UPDATE `users` SET `totp_last_used_step` = CAST(substr(`totp_secret`, instr(`totp_secret`, ':') + 1) AS INTEGER), `totp_secret` = substr(`totp_secret`, 1, instr(`totp_secret`, ':') - 1) WHERE instr(`totp_secret`, ':') > 0;
