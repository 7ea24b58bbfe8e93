CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`police_organisation_id` text NOT NULL,
	`provider_organisation_id` text NOT NULL,
	`commissioner_organisation_id` text,
	`area_id` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by_user_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`police_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`commissioner_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_code_unique` ON `campaigns` (`code`);--> statement-breakpoint
CREATE TABLE `provider_areas` (
	`organisation_id` text NOT NULL,
	`area_id` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `area_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `provider_areas_area` ON `provider_areas` (`area_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_arrest_referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`record_key` integer,
	`person_id` text NOT NULL,
	`source` text DEFAULT 'custody' NOT NULL,
	`custody_episode_id` text,
	`custody_centre_id` text,
	`provider_organisation_id` text,
	`police_organisation_id` text,
	`area_id` text,
	`campaign_id` text,
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
	FOREIGN KEY (`provider_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`police_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_worker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_arrest_referrals`("id", "record_key", "person_id", "custody_episode_id", "custody_centre_id", "state", "assigned_worker_id", "assigned_organisation_id", "closure_reason", "created_by_user_id", "created_at", "claimed_at", "first_contact_at", "released_before_seen", "closed_at", "updated_at", "version") SELECT "id", "record_key", "person_id", "custody_episode_id", "custody_centre_id", "state", "assigned_worker_id", "assigned_organisation_id", "closure_reason", "created_by_user_id", "created_at", "claimed_at", "first_contact_at", "released_before_seen", "closed_at", "updated_at", "version" FROM `arrest_referrals`;--> statement-breakpoint
-- Hand edit: the views over arrest_referrals are rebuilt below; legacy renaming leaves the
-- triggers of other tables that name arrest_referrals alone (they resolve to the new table).
DROP VIEW figure_centre_months;--> statement-breakpoint
DROP VIEW figure_referral_months;--> statement-breakpoint
DROP TABLE `arrest_referrals`;--> statement-breakpoint
PRAGMA legacy_alter_table=ON;--> statement-breakpoint
ALTER TABLE `__new_arrest_referrals` RENAME TO `arrest_referrals`;--> statement-breakpoint
PRAGMA legacy_alter_table=OFF;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `arrest_referrals_custody_episode_id_unique` ON `arrest_referrals` (`custody_episode_id`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_centre_state` ON `arrest_referrals` (`custody_centre_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_person` ON `arrest_referrals` (`person_id`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_worker` ON `arrest_referrals` (`assigned_worker_id`,`state`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_created` ON `arrest_referrals` (`created_at`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_provider_state` ON `arrest_referrals` (`provider_organisation_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `arrest_referrals_police` ON `arrest_referrals` (`police_organisation_id`,`created_at`);--> statement-breakpoint

-- hand-written (keep when renumbering)
-- Commissioners' monthly figures are custody figures, kept per custody centre: a referral from
-- outside custody (no centre) is in no centre-month (decision 014).
CREATE VIEW figure_referral_months AS
  SELECT ar.id AS arrest_referral_id, ar.custody_centre_id, substr(ar.created_at, 1, 7) AS month FROM arrest_referrals ar
    WHERE ar.custody_centre_id IS NOT NULL
  UNION ALL SELECT onr.arrest_referral_id, ar.custody_centre_id, substr(onr.created_at, 1, 7)
    FROM onward_referrals onr JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id WHERE ar.custody_centre_id IS NOT NULL
  UNION ALL SELECT na.arrest_referral_id, ar.custody_centre_id, substr(na.completed_at, 1, 7)
    FROM needs_assessments na JOIN arrest_referrals ar ON ar.id = na.arrest_referral_id
    WHERE na.completed_at IS NOT NULL AND ar.custody_centre_id IS NOT NULL;
--> statement-breakpoint
CREATE VIEW figure_centre_months AS
  SELECT custody_centre_id, substr(recorded_at, 1, 7) AS month FROM custody_offers
  UNION SELECT custody_centre_id, month FROM figure_referral_months;
--> statement-breakpoint
-- Every trigger that marks months stale reads a referral's centre: one without a centre marks none.
CREATE TRIGGER figures_stale_needs_a_centre BEFORE INSERT ON figure_months_stale WHEN NEW.custody_centre_id IS NULL
BEGIN
  SELECT RAISE(IGNORE);
END;
--> statement-breakpoint
-- Dropping the old table dropped its triggers: the same again (0004, 0011).
CREATE TRIGGER figures_stale_referral_insert AFTER INSERT ON arrest_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT NEW.custody_centre_id, substr(NEW.created_at, 1, 7) WHERE NEW.created_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_referral_update AFTER UPDATE OF custody_centre_id, created_at, closure_reason, first_contact_at, released_before_seen, assigned_organisation_id, person_id, custody_episode_id ON arrest_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = NEW.id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT OLD.custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = OLD.id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT OLD.custody_centre_id, substr(OLD.created_at, 1, 7) WHERE OLD.created_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_referral_delete BEFORE DELETE ON arrest_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = OLD.id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER record_key_arrest_referrals AFTER INSERT ON arrest_referrals WHEN NEW.record_key IS NULL
BEGIN
  UPDATE arrest_referrals SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
-- A provider covers, outside custody, the local authorities of the centres it covers.
INSERT OR IGNORE INTO provider_areas (organisation_id, area_id)
  SELECT pc.organisation_id, cc.local_authority_area_id FROM provider_centres pc
  JOIN custody_centres cc ON cc.id = pc.custody_centre_id;
