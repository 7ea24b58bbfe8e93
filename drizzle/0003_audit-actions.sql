CREATE TABLE `audit_actions` (
	`action` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
INSERT OR IGNORE INTO `audit_actions` (`action`) SELECT DISTINCT `action` FROM `audit_events`;--> statement-breakpoint
CREATE TRIGGER audit_events_action_known AFTER INSERT ON audit_events
BEGIN
  INSERT OR IGNORE INTO audit_actions (action) VALUES (NEW.action);
END;
