// The production server under test: built into its own folder, started pinned to one core
// against the generated database, timed from launch to its first answers, and watched for
// resident memory while it serves.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  process: ChildProcess;
  pid: number;
  baseUrl: string;
  /** performance.now() at launch. */
  startedAt: number;
  /** Launch to the first answer from /healthz (the framework is listening). */
  listeningMs: number;
  /** What the server printed, for when something fails. */
  output: () => string;
  stop: () => Promise<void>;
};

/** The Node options `npm start` gives the server (package.json: its heap cap), so that the bench measures what runs. */
const startOptions = (() => {
  const [, ...words] = (
    JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.start as string
  ).split(/\s+/);
  return words.slice(
    0,
    words.findIndex((w) => !w.startsWith("-")),
  );
})();

export async function startServer(options: {
  buildDir: string;
  databasePath: string;
  sessionSecret: string;
  port: number;
  core: number;
}): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn("taskset", ["-c", String(options.core), process.execPath, ...startOptions, "server/index.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      BUILD_DIR: options.buildDir,
      DATABASE_PATH: options.databasePath,
      SESSION_SECRET: options.sessionSecret,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      // The hourly jobs are timed on their own (bench.ts); here they would land mid-measurement.
      PATHWAY_MAINTENANCE: "off",
      // Pinned to one core by taskset: one process, as the per-core figures assume.
      PATHWAY_WORKERS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped while starting:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000)
      throw new Error(`The server did not answer /healthz within a minute:\n${output}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    process: child,
    // taskset executes node in its own place, so the pid is the server's.
    pid: child.pid!,
    baseUrl,
    startedAt: started,
    listeningMs: performance.now() - started,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resident memory of a process, in megabytes (VmRSS from /proc). */
export function residentMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Samples resident memory every `everyMs` until stopped; returns the peak. */
export function watchMemory(pid: number, everyMs = 200) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, residentMb(pid));
    } catch {
      // the process has gone
    }
  }, everyMs);
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  };
}
