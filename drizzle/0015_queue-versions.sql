CREATE TABLE `queue_versions` (
	`organisation_id` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint

-- hand-written (keep when renumbering)
-- Every write that changes what a provider's queue shows bumps that provider's queue version in
-- the writer's own transaction (the queue's refresh asks only for the version). A provider
-- reaches a referral through the custody centres it covers (provider_centres) or by being named
-- on a referral from outside custody (arrest_referrals.provider_organisation_id).
CREATE TRIGGER queue_version_referral_insert AFTER INSERT ON arrest_referrals
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM (
      SELECT organisation_id FROM provider_centres WHERE custody_centre_id = NEW.custody_centre_id
      UNION SELECT NEW.provider_organisation_id WHERE NEW.provider_organisation_id IS NOT NULL
    ) WHERE true
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_referral_update AFTER UPDATE ON arrest_referrals
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM (
      SELECT organisation_id FROM provider_centres WHERE custody_centre_id IN (OLD.custody_centre_id, NEW.custody_centre_id)
      UNION SELECT id FROM organisations WHERE id IN (OLD.provider_organisation_id, NEW.provider_organisation_id)
    ) WHERE true
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_referral_delete AFTER DELETE ON arrest_referrals
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM (
      SELECT organisation_id FROM provider_centres WHERE custody_centre_id = OLD.custody_centre_id
      UNION SELECT OLD.provider_organisation_id WHERE OLD.provider_organisation_id IS NOT NULL
    ) WHERE true
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_episode_update AFTER UPDATE ON custody_episodes
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM provider_centres WHERE custody_centre_id IN (OLD.custody_centre_id, NEW.custody_centre_id)
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_person_name AFTER UPDATE OF given_name, family_name ON people
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM (
      SELECT pc.organisation_id FROM arrest_referrals ar
        JOIN provider_centres pc ON pc.custody_centre_id = ar.custody_centre_id WHERE ar.person_id = NEW.id
      UNION SELECT ar.provider_organisation_id FROM arrest_referrals ar
        WHERE ar.person_id = NEW.id AND ar.provider_organisation_id IS NOT NULL
    ) WHERE true
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_assessment_insert AFTER INSERT ON needs_assessments
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM (
      SELECT pc.organisation_id FROM arrest_referrals ar
        JOIN provider_centres pc ON pc.custody_centre_id = ar.custody_centre_id WHERE ar.id = NEW.arrest_referral_id
      UNION SELECT ar.provider_organisation_id FROM arrest_referrals ar
        WHERE ar.id = NEW.arrest_referral_id AND ar.provider_organisation_id IS NOT NULL
    ) WHERE true
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_assessment_update AFTER UPDATE OF status ON needs_assessments
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM (
      SELECT pc.organisation_id FROM arrest_referrals ar
        JOIN provider_centres pc ON pc.custody_centre_id = ar.custody_centre_id WHERE ar.id = NEW.arrest_referral_id
      UNION SELECT ar.provider_organisation_id FROM arrest_referrals ar
        WHERE ar.id = NEW.arrest_referral_id AND ar.provider_organisation_id IS NOT NULL
    ) WHERE true
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_cover_insert AFTER INSERT ON provider_centres
BEGIN
  INSERT INTO queue_versions (organisation_id, version) VALUES (NEW.organisation_id, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_cover_delete AFTER DELETE ON provider_centres
BEGIN
  INSERT INTO queue_versions (organisation_id, version) VALUES (OLD.organisation_id, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_centre_name AFTER UPDATE OF name ON custody_centres
BEGIN
  INSERT INTO queue_versions (organisation_id, version)
    SELECT organisation_id, 1 FROM provider_centres WHERE custody_centre_id = NEW.id
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_worker_name AFTER UPDATE OF name ON users
BEGIN
  INSERT INTO queue_versions (organisation_id, version) VALUES (NEW.organisation_id, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER queue_version_overdue_minutes AFTER UPDATE OF queue_overdue_minutes ON organisations
BEGIN
  INSERT INTO queue_versions (organisation_id, version) VALUES (NEW.id, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET version = version + 1;
END;
