// Production start: the built app on the database at DATABASE_PATH (migrated at start-up),
// one process per core. Never seeds; the server refuses to run without SESSION_SECRET (its
// environment schema says so). `npm start` caps each process's heap at 256 MB (package.json): uncapped, V8 lets it grow past 400 MB under load before collecting, though
// what it holds after collecting is under 100 MB (docs/performance.md). The largest task, an audit export of
// 100,000 rows, runs three at once within the cap.
process.env.NODE_ENV = "production";
await import("../server/index.mjs");
