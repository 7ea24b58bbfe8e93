CREATE TABLE `figure_month_versions` (
	`month` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
