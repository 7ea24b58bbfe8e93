import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromium } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const e2eDatabasePath = `tests/.tmp/e2e-${port}.db`;

// Playwright's own Chromium where it could be downloaded; Debian's otherwise.
const hasBundledChromium = fs.existsSync(chromium.executablePath());
const launchOptions = hasBundledChromium
  ? {}
  : {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    };

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  // On a busy two-core machine (other work beside the suite) a story that takes 15 s idle has
  // taken 35: the limits are there to stop a test that hangs, not to time one that is slow.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "en-GB",
    timezoneId: "Europe/London",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], locale: "en-GB", timezoneId: "Europe/London", launchOptions },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    // Builds (when the build is older than the sources) and seeds the demo world before it
    // answers: minutes on a busy machine. A guard against a server that never starts, not a
    // speed check.
    timeout: 900_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: e2eDatabasePath,
      // Test servers on other ports (helpers working side by side) build into their own folder.
      BUILD_DIR: port === 3100 ? "build" : `.cache/build-${port}`,
      SESSION_SECRET: "e2e-session-secret-that-is-long-enough-0123456789",
    },
  },
});
