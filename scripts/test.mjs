// `npm test`: every test, from a fresh clone — installs what is missing, then type-checks,
// lints, checks the formatting, runs the unit tests, builds the app and runs the end-to-end
// tests in a real Chromium.
import { ensureBrowser, ensureBuild, ensureDependencies, run } from "./ensure.mjs";

ensureDependencies();
await ensureBrowser();
run("npx tsc --noEmit");
run("npx eslint . --max-warnings 0");
run("npx prettier --check .");
run("npx vitest run");
ensureBuild({ force: true });
run("npx playwright test");
