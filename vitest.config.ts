import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "app/**/*.test.ts"],
    setupFiles: ["tests/unit/setup.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    environment: "node",
    pool: "forks",
    // Hang guards, not speed checks: no test asserts how fast the machine is (decision 011).
    // Seeding happens once, in the global setup, which has no timeout.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
