// Production start: the built app on the database at DATABASE_PATH (migrated at start-up).
// Never seeds; refuses to run without SESSION_SECRET. `npm start` caps the heap at 256 MB
// (package.json): uncapped, V8 lets it grow past 400 MB under load before collecting, though
// what it holds after collecting is under 100 MB (docs/performance.md). The largest task, an audit export of
// 100,000 rows, runs three at once within the cap.
process.env.NODE_ENV = "production";
if (!process.env.SESSION_SECRET || process.env.SESSION_SECRET.length < 32) {
  console.error("Pathway cannot start: set SESSION_SECRET to a random string of at least 32 characters.");
  process.exit(1);
}
await import("./server.mjs");
