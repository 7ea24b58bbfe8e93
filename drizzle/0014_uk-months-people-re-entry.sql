-- Custom SQL migration file, put your code below! --
-- hand-written (keep when renumbering)
-- Re-entry counts people (decision 025): whether a referral starts a new window depends on the
-- same person's earlier counted referrals, so a referral written, moved in time, closed as made in
-- error or moved to another person marks the months of that person's other referrals too.
CREATE TRIGGER figures_stale_person_referrals_insert AFTER INSERT ON arrest_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals
      WHERE person_id = NEW.person_id AND custody_centre_id IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_person_referrals_update AFTER UPDATE OF person_id, created_at, closure_reason ON arrest_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals
      WHERE person_id IN (NEW.person_id, OLD.person_id) AND custody_centre_id IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
CREATE TRIGGER figures_stale_person_referrals_delete AFTER DELETE ON arrest_referrals
BEGIN
  INSERT INTO figure_months_stale (custody_centre_id, month)
    SELECT * FROM (SELECT custody_centre_id, substr(created_at, 1, 7) FROM arrest_referrals
      WHERE person_id = OLD.person_id AND custody_centre_id IS NOT NULL) WHERE true
    ON CONFLICT (custody_centre_id, month) DO UPDATE SET marked = marked + 1;
END;
--> statement-breakpoint
-- The stored months were UTC months and re-entry counted referrals: work every one out again
-- (by UK month now; a mark on a UTC month also covers the next UK month, decision 025).
INSERT OR IGNORE INTO figure_months_stale (custody_centre_id, month) SELECT custody_centre_id, month FROM figure_centre_months;
