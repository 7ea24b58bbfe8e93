-- Written by hand: drizzle-kit splits an index expression at its comma.
CREATE INDEX `people_retention` ON `people` (coalesce("last_activity_at", "created_at")) WHERE "anonymised_at" IS NULL;
