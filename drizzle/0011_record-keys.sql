ALTER TABLE `arrest_referrals` ADD `record_key` integer;--> statement-breakpoint
ALTER TABLE `custody_offers` ADD `record_key` integer;--> statement-breakpoint
ALTER TABLE `custody_throughput` ADD `record_key` integer;--> statement-breakpoint
ALTER TABLE `needs_assessments` ADD `record_key` integer;--> statement-breakpoint
ALTER TABLE `onward_referrals` ADD `record_key` integer;--> statement-breakpoint

-- hand-written (keep when renumbering)
-- Each counted record gets a fixed random key in [0, 2^20) once (decision 013: cell-key
-- perturbation): existing rows now, new rows by a trigger as they are inserted.
UPDATE arrest_referrals SET record_key = abs(random() % 1048576) WHERE record_key IS NULL;
--> statement-breakpoint
CREATE TRIGGER record_key_arrest_referrals AFTER INSERT ON arrest_referrals WHEN NEW.record_key IS NULL
BEGIN
  UPDATE arrest_referrals SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
UPDATE custody_offers SET record_key = abs(random() % 1048576) WHERE record_key IS NULL;
--> statement-breakpoint
CREATE TRIGGER record_key_custody_offers AFTER INSERT ON custody_offers WHEN NEW.record_key IS NULL
BEGIN
  UPDATE custody_offers SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
UPDATE custody_throughput SET record_key = abs(random() % 1048576) WHERE record_key IS NULL;
--> statement-breakpoint
CREATE TRIGGER record_key_custody_throughput AFTER INSERT ON custody_throughput WHEN NEW.record_key IS NULL
BEGIN
  UPDATE custody_throughput SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
UPDATE needs_assessments SET record_key = abs(random() % 1048576) WHERE record_key IS NULL;
--> statement-breakpoint
CREATE TRIGGER record_key_needs_assessments AFTER INSERT ON needs_assessments WHEN NEW.record_key IS NULL
BEGIN
  UPDATE needs_assessments SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
UPDATE onward_referrals SET record_key = abs(random() % 1048576) WHERE record_key IS NULL;
--> statement-breakpoint
CREATE TRIGGER record_key_onward_referrals AFTER INSERT ON onward_referrals WHEN NEW.record_key IS NULL
BEGIN
  UPDATE onward_referrals SET record_key = abs(random() % 1048576) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
-- "Seen in custody" compares the first contact with the release time: a release recorded later
-- changes the referral's months.
CREATE TRIGGER figures_stale_episode_release AFTER UPDATE OF released_at ON custody_episodes
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals WHERE custody_episode_id = NEW.id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
-- The stored months carry cell keys now: work every one out again.
INSERT OR IGNORE INTO figure_months_stale (custody_centre_id, month) SELECT custody_centre_id, month FROM figure_centre_months;
