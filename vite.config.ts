import { vitePlugin as remix } from "@remix-run/dev";
import { build, defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const buildDirectory = process.env.BUILD_DIR ?? "build";

/**
 * After the server bundle, the commissioner figures' worker thread beside it
 * (app/domain/metrics/dashboard-worker.ts → <build>/server/dashboard-worker.js).
 */
function dashboardWorker(): Plugin {
  let isServerBuild = false;
  return {
    name: "pathway-dashboard-worker",
    apply: "build",
    configResolved(config) {
      isServerBuild = Boolean(config.build.ssr);
    },
    async closeBundle() {
      if (!isServerBuild) return;
      await build({
        configFile: false,
        logLevel: "warn",
        plugins: [tsconfigPaths()],
        build: {
          ssr: "app/domain/metrics/dashboard-worker.ts",
          outDir: `${buildDirectory}/server`,
          emptyOutDir: false,
          target: "es2022",
          rollupOptions: { output: { entryFileNames: "dashboard-worker.js" } },
        },
      });
    },
  };
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    remix({
      // Separate build folders let several test servers build side by side.
      buildDirectory,
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    dashboardWorker(),
  ],
  build: { target: "es2022" },
});
