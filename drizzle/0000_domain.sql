CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by_user_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `areas` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`parent_area_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `areas_kind_code` ON `areas` (`kind`,`code`);--> statement-breakpoint
CREATE TABLE `arrest_referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`custody_episode_id` text NOT NULL,
	`custody_centre_id` text NOT NULL,
	`state` text DEFAULT 'new' NOT NULL,
	`assigned_worker_id` text,
	`assigned_organisation_id` text,
	`closure_reason` text,
	`created_by_user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`claimed_at` text,
	`first_contact_at` text,
	`released_before_seen` integer DEFAULT false NOT NULL,
	`closed_at` text,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`custody_episode_id`) REFERENCES `custody_episodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`custody_centre_id`) REFERENCES `custody_centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `arrest_referrals_custody_episode_id_unique` ON `arrest_referrals` (`custody_episode_id`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_centre_state` ON `arrest_referrals` (`custody_centre_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_person` ON `arrest_referrals` (`person_id`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_worker` ON `arrest_referrals` (`assigned_worker_id`,`state`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_created` ON `arrest_referrals` (`created_at`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` text,
	`organisation_id` text,
	`action` text NOT NULL,
	`record_type` text,
	`record_id` text,
	`person_id` text,
	`ip_address` text,
	`detail` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_person` ON `audit_events` (`person_id`);--> statement-breakpoint
CREATE INDEX `audit_events_user` ON `audit_events` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_at` ON `audit_events` (`at`);--> statement-breakpoint
CREATE TABLE `commissioner_areas` (
	`organisation_id` text NOT NULL,
	`area_id` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `area_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `consent_wordings` (
	`id` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_wordings_scope_version` ON `consent_wordings` (`scope`,`version`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`scope` text NOT NULL,
	`arrest_referral_id` text,
	`service_id` text,
	`shared_domains` text,
	`contact_method` text,
	`method` text NOT NULL,
	`wording_id` text,
	`recorded_by_user_id` text NOT NULL,
	`recorded_at` text NOT NULL,
	`withdrawn_at` text,
	`withdrawn_by_user_id` text,
	`withdrawal_note` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wording_id`) REFERENCES `consent_wordings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_person_scope` ON `consents` (`person_id`,`scope`);--> statement-breakpoint
CREATE INDEX `consents_referral` ON `consents` (`arrest_referral_id`);--> statement-breakpoint
CREATE TABLE `contact_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`arrest_referral_id` text NOT NULL,
	`attempted_at` text NOT NULL,
	`method` text NOT NULL,
	`result` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`worker_user_id` text NOT NULL,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_attempts_referral` ON `contact_attempts` (`arrest_referral_id`);--> statement-breakpoint
CREATE TABLE `custody_centres` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`police_organisation_id` text NOT NULL,
	`division_area_id` text NOT NULL,
	`local_authority_area_id` text NOT NULL,
	`custody_reference_pattern` text NOT NULL,
	`custody_reference_example` text NOT NULL,
	`hours` text DEFAULT '24 hours' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`police_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`division_area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`local_authority_area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_centres_name_unique` ON `custody_centres` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `custody_centres_code_unique` ON `custody_centres` (`code`);--> statement-breakpoint
CREATE TABLE `custody_episodes` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`custody_centre_id` text NOT NULL,
	`custody_reference` text NOT NULL,
	`arrived_at` text NOT NULL,
	`released_at` text,
	`disclosed_needs` text NOT NULL,
	`disclosed_other` text,
	`safety_notes` text DEFAULT '' NOT NULL,
	`recorded_by_user_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`custody_centre_id`) REFERENCES `custody_centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_episodes_centre_reference` ON `custody_episodes` (`custody_centre_id`,`custody_reference`);--> statement-breakpoint
CREATE INDEX `custody_episodes_person` ON `custody_episodes` (`person_id`);--> statement-breakpoint
CREATE TABLE `custody_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`custody_centre_id` text NOT NULL,
	`result` text NOT NULL,
	`not_offered_reason` text,
	`not_offered_reason_text` text,
	`custody_reference` text,
	`custody_episode_id` text,
	`reoffered_at` text,
	`recorded_by_user_id` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`custody_centre_id`) REFERENCES `custody_centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`custody_episode_id`) REFERENCES `custody_episodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `custody_offers_centre_time` ON `custody_offers` (`custody_centre_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `custody_throughput` (
	`id` text PRIMARY KEY NOT NULL,
	`custody_centre_id` text NOT NULL,
	`month` text NOT NULL,
	`detentions` integer NOT NULL,
	`disclosed_drugs` integer,
	`disclosed_alcohol` integer,
	`disclosed_mental_health` integer,
	`updated_by_user_id` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`custody_centre_id`) REFERENCES `custody_centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_throughput_centre_month` ON `custody_throughput` (`custody_centre_id`,`month`);--> statement-breakpoint
CREATE TABLE `needs_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`arrest_referral_id` text NOT NULL,
	`person_id` text NOT NULL,
	`assessment_version` integer DEFAULT 1 NOT NULL,
	`status` text NOT NULL,
	`worker_user_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`answers` text NOT NULL,
	`drugs_level` text,
	`alcohol_level` text,
	`mental_health_level` text,
	`housing_level` text,
	`money_level` text,
	`employment_level` text,
	`physical_health_level` text,
	`family_level` text,
	`safety_level` text,
	`justice_level` text,
	`audit_c_score` integer,
	`has_overdose_history` integer,
	`has_self_harm_risk` integer,
	`are_children_affected` integer,
	`naloxone` text,
	`started_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text,
	`row_version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `needs_assessments_referral` ON `needs_assessments` (`arrest_referral_id`,`assessment_version`);--> statement-breakpoint
CREATE INDEX `needs_assessments_person` ON `needs_assessments` (`person_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`link` text,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `onward_referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`arrest_referral_id` text NOT NULL,
	`person_id` text NOT NULL,
	`service_id` text NOT NULL,
	`need_domain` text NOT NULL,
	`priority` text DEFAULT 'routine' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`consent_id` text,
	`out_of_area_reason` text,
	`status` text DEFAULT 'requested' NOT NULL,
	`status_reason` text,
	`status_reason_text` text,
	`created_by_user_id` text NOT NULL,
	`referring_organisation_id` text NOT NULL,
	`created_at` text NOT NULL,
	`responded_at` text,
	`first_appointment_at` text,
	`first_attended_at` text,
	`last_outcome_at` text,
	`ended_at` text,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_id`) REFERENCES `consents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referring_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `onward_referrals_service_status` ON `onward_referrals` (`service_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `onward_referrals_referral` ON `onward_referrals` (`arrest_referral_id`);--> statement-breakpoint
CREATE INDEX `onward_referrals_person` ON `onward_referrals` (`person_id`);--> statement-breakpoint
CREATE INDEX `onward_referrals_updated` ON `onward_referrals` (`updated_at`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`queue_overdue_minutes` integer DEFAULT 60 NOT NULL,
	`follow_up_attempt_limit` integer DEFAULT 3 NOT NULL,
	`funds_all_areas` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_name_unique` ON `organisations` (`name`);--> statement-breakpoint
CREATE TABLE `outcome_events` (
	`id` text PRIMARY KEY NOT NULL,
	`onward_referral_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`occurred_on` text NOT NULL,
	`reported_by_user_id` text,
	`reported_by_organisation_id` text NOT NULL,
	`source` text NOT NULL,
	`import_key` text,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`onward_referral_id`) REFERENCES `onward_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outcome_events_import_key_unique` ON `outcome_events` (`import_key`);--> statement-breakpoint
CREATE INDEX `outcome_events_onward_referral` ON `outcome_events` (`onward_referral_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `password_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`created_by_user_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_tokens_token_hash_unique` ON `password_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`given_name` text NOT NULL,
	`family_name` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`given_name_key` text NOT NULL,
	`family_name_key` text NOT NULL,
	`police_identifier` text,
	`health_identifier` text,
	`phone` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	`last_activity_at` text,
	`anonymised_at` text
);
--> statement-breakpoint
CREATE INDEX `people_dob` ON `people` (`date_of_birth`);--> statement-breakpoint
CREATE INDEX `people_family_key` ON `people` (`family_name_key`);--> statement-breakpoint
CREATE INDEX `people_police_identifier` ON `people` (`police_identifier`);--> statement-breakpoint
CREATE INDEX `people_health_identifier` ON `people` (`health_identifier`);--> statement-breakpoint
CREATE TABLE `provider_centres` (
	`organisation_id` text NOT NULL,
	`custody_centre_id` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `custody_centre_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`custody_centre_id`) REFERENCES `custody_centres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `provider_centres_centre` ON `provider_centres` (`custody_centre_id`);--> statement-breakpoint
CREATE TABLE `referral_state_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`arrest_referral_id` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`reason` text,
	`actor_user_id` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`arrest_referral_id`) REFERENCES `arrest_referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referral_state_changes_referral` ON `referral_state_changes` (`arrest_referral_id`,`at`);--> statement-breakpoint
CREATE TABLE `service_areas` (
	`service_id` text NOT NULL,
	`area_id` text NOT NULL,
	PRIMARY KEY(`service_id`, `area_id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `service_areas_area` ON `service_areas` (`area_id`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`postcode` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`hours` text DEFAULT '' NOT NULL,
	`eligibility` text DEFAULT '' NOT NULL,
	`is_taking_referrals` integer DEFAULT true NOT NULL,
	`capacity_per_month` integer,
	`typical_wait_days` integer,
	`last_verified_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `services_organisation` ON `services` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ip_address` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text,
	`updated_by_user_id` text,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`organisation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`file_sha256` text NOT NULL,
	`row_count` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`role` text NOT NULL,
	`organisation_id` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`last_sign_in_at` text,
	`failed_sign_in_count` integer DEFAULT 0 NOT NULL,
	`first_failed_sign_in_at` text,
	`locked_until` text,
	`totp_secret` text,
	`totp_enabled_at` text,
	`recovery_code_hashes` text,
	`current_custody_centre_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_custody_centre_id`) REFERENCES `custody_centres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_organisation` ON `users` (`organisation_id`);