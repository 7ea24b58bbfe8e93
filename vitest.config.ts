import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "app/**/*.test.ts"],
    setupFiles: ["tests/unit/setup.ts"],
    environment: "node",
    pool: "forks",
  },
});
