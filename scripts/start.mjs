// Production start: the built app on the database at DATABASE_PATH (migrated at start-up).
// Never seeds; refuses to run without SESSION_SECRET.
process.env.NODE_ENV = "production";
if (!process.env.SESSION_SECRET || process.env.SESSION_SECRET.length < 32) {
  console.error("Pathway cannot start: set SESSION_SECRET to a random string of at least 32 characters.");
  process.exit(1);
}
await import("./server.mjs");
