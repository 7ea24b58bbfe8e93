// The server the end-to-end tests run against: the production build on a fresh database
// holding the demo world.
import fs from "node:fs";
import { ensureBuild, run } from "./ensure.mjs";

const databasePath = process.env.DATABASE_PATH;
if (!databasePath || !databasePath.includes(".tmp"))
  throw new Error("e2e-server needs a DATABASE_PATH under tests/.tmp");
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(databasePath + suffix, { force: true });
ensureBuild();
run("npx tsx scripts/seed/seed.ts", { NODE_ENV: "development" });
process.env.NODE_ENV = "production";
await import("../server/index.mjs");
