// `npm run demo`: the app with demo data on the embedded SQLite file, from a fresh clone.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, ensureDependencies, root, run } from "./ensure.mjs";

ensureDependencies();
ensureBuild();
const { NODE_ENV: _ignored, ...envWithoutMode } = process.env;
process.env = envWithoutMode;
run("npx tsx scripts/seed/seed.ts");

// A session secret of this machine's own, kept beside the database (which git ignores).
const secretFile = path.join(root, "data", ".session-secret");
if (!process.env.SESSION_SECRET) {
  if (!fs.existsSync(secretFile))
    fs.writeFileSync(secretFile, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.SESSION_SECRET = fs.readFileSync(secretFile, "utf8").trim();
}
process.env.HOST ??= "127.0.0.1";
console.log("\nDemo users (password pathway-demo-2026): see README.md. Stop with Ctrl+C.");
await import("./start.mjs");
