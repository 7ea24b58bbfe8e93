CREATE TABLE `custody_returns_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `custody_returns_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_insert` AFTER INSERT ON `custody_throughput`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_update` AFTER UPDATE ON `custody_throughput`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_delete` AFTER DELETE ON `custody_throughput`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_custody_centres_insert` AFTER INSERT ON `custody_centres`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_custody_centres_update` AFTER UPDATE ON `custody_centres`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_custody_centres_delete` AFTER DELETE ON `custody_centres`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_areas_insert` AFTER INSERT ON `areas`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_areas_update` AFTER UPDATE ON `areas`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
--> statement-breakpoint
CREATE TRIGGER `custody_returns_version_areas_delete` AFTER DELETE ON `areas`
BEGIN UPDATE `custody_returns_version` SET `version` = `version` + 1; END;
