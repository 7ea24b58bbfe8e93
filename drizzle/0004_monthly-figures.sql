CREATE TABLE `figure_months` (
	`figure` text NOT NULL,
	`month` text NOT NULL,
	`custody_centre_id` text NOT NULL,
	`groups` text NOT NULL,
	PRIMARY KEY(`figure`, `month`, `custody_centre_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `figure_months_stale` (
	`custody_centre_id` text NOT NULL,
	`month` text NOT NULL,
	`marked` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`custody_centre_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `onward_referrals_first_appointment` ON `onward_referrals` (`first_appointment_at`);--> statement-breakpoint
-- Every centre-month a referral's figures fall in: its own month, and the months of its onward
-- referrals and completed assessments, all counted at the referral's custody centre.
CREATE VIEW figure_referral_months AS
  SELECT ar.id AS arrest_referral_id, ar.custody_centre_id, substr(ar.created_at, 1, 7) AS month FROM arrest_referrals ar
  UNION ALL SELECT onr.arrest_referral_id, ar.custody_centre_id, substr(onr.created_at, 1, 7)
    FROM onward_referrals onr JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id
  UNION ALL SELECT na.arrest_referral_id, ar.custody_centre_id, substr(na.completed_at, 1, 7)
    FROM needs_assessments na JOIN arrest_referrals ar ON ar.id = na.arrest_referral_id WHERE na.completed_at IS NOT NULL;
--> statement-breakpoint
-- Every centre-month with something to count: what is marked stale when all are to be worked out.
CREATE VIEW figure_centre_months AS
  SELECT custody_centre_id, substr(recorded_at, 1, 7) AS month FROM custody_offers
  UNION SELECT custody_centre_id, month FROM figure_referral_months;
--> statement-breakpoint
-- Triggers: a write to anything a commissioner figure counts marks its centre-months stale
-- (again: "marked" counts the marks, so a refresh that read an older mark leaves the new one).
CREATE TRIGGER figures_stale_offer_insert AFTER INSERT ON custody_offers
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT NEW.custody_centre_id, substr(NEW.recorded_at, 1, 7) WHERE NEW.recorded_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_offer_update AFTER UPDATE OF custody_centre_id, recorded_at, result, reoffered_at, not_offered_reason ON custody_offers
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT NEW.custody_centre_id, substr(NEW.recorded_at, 1, 7) WHERE NEW.recorded_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT OLD.custody_centre_id, substr(OLD.recorded_at, 1, 7) WHERE OLD.recorded_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_offer_delete AFTER DELETE ON custody_offers
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT OLD.custody_centre_id, substr(OLD.recorded_at, 1, 7) WHERE OLD.recorded_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
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
CREATE TRIGGER figures_stale_episode_insert AFTER INSERT ON custody_episodes
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals WHERE person_id = NEW.person_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_episode_update AFTER UPDATE OF person_id, arrived_at ON custody_episodes
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals WHERE person_id = NEW.person_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals WHERE person_id = OLD.person_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_episode_delete AFTER DELETE ON custody_episodes
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals WHERE person_id = OLD.person_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_assessment_insert AFTER INSERT ON needs_assessments
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = NEW.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_assessment_update AFTER UPDATE OF arrest_referral_id, status, completed_at, organisation_id, drugs_level, alcohol_level, mental_health_level, housing_level, money_level, employment_level, physical_health_level, family_level, safety_level, justice_level ON needs_assessments
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = NEW.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = OLD.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT ar.custody_centre_id, substr(OLD.completed_at, 1, 7) FROM arrest_referrals ar WHERE ar.id = OLD.arrest_referral_id AND OLD.completed_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_assessment_delete AFTER DELETE ON needs_assessments
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = OLD.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT ar.custody_centre_id, substr(OLD.completed_at, 1, 7) FROM arrest_referrals ar WHERE ar.id = OLD.arrest_referral_id AND OLD.completed_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_onward_insert AFTER INSERT ON onward_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = NEW.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_onward_update AFTER UPDATE OF arrest_referral_id, service_id, status, status_reason, responded_at, first_appointment_at, first_attended_at, created_at, referring_organisation_id ON onward_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = NEW.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = OLD.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT ar.custody_centre_id, substr(OLD.created_at, 1, 7) FROM arrest_referrals ar WHERE ar.id = OLD.arrest_referral_id AND OLD.created_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_onward_delete AFTER DELETE ON onward_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = OLD.arrest_referral_id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT ar.custody_centre_id, substr(OLD.created_at, 1, 7) FROM arrest_referrals ar WHERE ar.id = OLD.arrest_referral_id AND OLD.created_at IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_outcome_insert AFTER INSERT ON outcome_events
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = (SELECT onr.arrest_referral_id FROM onward_referrals onr WHERE onr.id = NEW.onward_referral_id)) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_outcome_update AFTER UPDATE OF onward_referral_id, kind, detail, occurred_on, recorded_at ON outcome_events
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = (SELECT onr.arrest_referral_id FROM onward_referrals onr WHERE onr.id = NEW.onward_referral_id)) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = (SELECT onr.arrest_referral_id FROM onward_referrals onr WHERE onr.id = OLD.onward_referral_id)) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_outcome_delete AFTER DELETE ON outcome_events
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, month FROM figure_referral_months WHERE arrest_referral_id = (SELECT onr.arrest_referral_id FROM onward_referrals onr WHERE onr.id = OLD.onward_referral_id)) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_service_kind AFTER UPDATE OF kind ON services
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT ar.custody_centre_id, substr(onr.created_at, 1, 7) FROM onward_referrals onr
      JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id WHERE onr.service_id = NEW.id) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
-- What is already there is worked out on first use.
INSERT OR IGNORE INTO figure_months_stale (custody_centre_id, month) SELECT custody_centre_id, month FROM figure_centre_months;
