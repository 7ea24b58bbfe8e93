// Set-up steps shared by `npm run demo` and `npm test`: each does only what is missing.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export function run(command, env = {}) {
  console.log(`\n> ${command}`);
  execSync(command, { stdio: "inherit", cwd: root, env: { ...process.env, ...env } });
}

/**
 * Installs when node_modules is missing or older than the lock file, with `npm ci`: exactly what
 * package-lock.json says (it refuses a lock that is out of step with package.json), so a fresh
 * clone, CI and every developer run the same versions.
 */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log("Installing dependencies (the first time builds better-sqlite3, about two minutes)…");
  run("npm ci --no-audit --no-fund");
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the production bundle unless it is newer than every source file. */
export function ensureBuild({ force = false } = {}) {
  const built = path.join(root, process.env.BUILD_DIR ?? "build", "server", "index.js");
  const sources = ["app", "db", "public"].map((d) => newestMtime(path.join(root, d)));
  const configs = ["vite.config.ts", "tailwind.config.ts", "package-lock.json"].map(
    (f) => fs.statSync(path.join(root, f)).mtimeMs,
  );
  if (!force && fs.existsSync(built) && fs.statSync(built).mtimeMs > Math.max(...sources, ...configs)) return;
  run("npx remix vite:build");
}

/** Playwright's own Chromium if it has one, else Debian's (installed here when we are root). */
export async function ensureBrowser() {
  const { chromium } = await import("playwright-core");
  if (fs.existsSync(chromium.executablePath())) return;
  if (fs.existsSync("/usr/bin/chromium")) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
    console.log("Installing Debian's Chromium for the end-to-end tests…");
    run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium");
    return;
  }
  console.error(
    "The end-to-end tests need Chromium. Either run `npx playwright install chromium`, or install " +
      "Debian's package as root (`apt-get install -y chromium`), then run `npm test` again.",
  );
  process.exit(1);
}
