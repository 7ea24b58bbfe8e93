// The production server under test: built into its own folder, started pinned to one core
// against the generated database, timed from launch to its first answers, and watched for
// resident memory while it serves.
import { execSync, spawn, type ChildProcess } from "node:child_process";
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
  /** The cores the server may run on, as taskset takes them ("0", "0,1"). */
  cores: string;
  /** Server processes (PATHWAY_WORKERS): 1 answers requests itself; more are forked by it. */
  workers: number;
}): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn("taskset", ["-c", options.cores, process.execPath, ...startOptions, "server/index.mjs"], {
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
      PATHWAY_WORKERS: String(options.workers),
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
      // Every worker listening, not just the first.
      if (response.ok && (options.workers === 1 || childrenOf(child.pid!).length >= options.workers)) break;
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

/** The processes a process started (a cluster primary's workers). */
export function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const CLOCK_TICKS = Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;

/**
 * CPU time (user + system, every thread) the server has used so far, in milliseconds, summed
 * over the primary and each of its workers: the kernel's own counters for each process, which
 * are what process.cpuUsage() reports from inside it. Per process, so a worker's share is kept
 * even if it is read after the worker has gone.
 */
export function serverCpu(pid: number): Map<number, number> {
  const used = new Map<number, number>();
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      // Fields after the command's closing bracket: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      used.set(p, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
    } catch {
      // the process has gone
    }
  }
  return used;
}

/** CPU milliseconds used between two readings of serverCpu. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [p, ms] of after) total += ms - (before.get(p) ?? 0);
  return total;
}
