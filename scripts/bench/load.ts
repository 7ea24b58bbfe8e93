// One load test: autocannon against one scenario at a given number of connections, with every
// response's latency kept so that p50, p95 and p99 are exact (autocannon's own summary has no p95).
import autocannon, { type Request } from "autocannon";
import type { cpuBetween as cpuBetweenType } from "./server";

export type Scenario = {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** A new body for each request (form fields), when the scenario sends one. */
  body?: () => string;
  /** Fixed length runs for pages that take long: at most this many requests per connection. */
  maxPerConnection?: number;
};

export type LoadResult = {
  scenario: string;
  connections: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Responses that were not 2xx or 3xx, and connection errors or timeouts. */
  failures: number;
  statuses: Record<string, number>;
  /** Server processes answering (PATHWAY_WORKERS). */
  processes: number;
  /** Server CPU time (every process and thread) over the run, per request answered. */
  cpuMsPerRequest: number;
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function measure(
  baseUrl: string,
  scenario: Scenario,
  connections: number,
  durationSeconds: number,
  server: { processes: number; cpuMs: () => Map<number, number>; cpuBetween: typeof cpuBetweenType } = {
    processes: 1,
    cpuMs: () => new Map(),
    cpuBetween: () => NaN,
  },
): Promise<LoadResult> {
  const cpuBefore = server.cpuMs();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const tracker = autocannon({
    url: baseUrl,
    connections,
    duration: durationSeconds,
    amount: scenario.maxPerConnection ? scenario.maxPerConnection * connections : undefined,
    timeout: 120,
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        // As a browser sends it: compression is part of what a request costs.
        headers: {
          "accept-encoding": "gzip, deflate, br",
          ...(scenario.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          ...scenario.headers,
        },
        ...(scenario.body ? { setupRequest: (request: Request) => ({ ...request, body: scenario.body!() }) } : {}),
      },
    ],
  });
  tracker.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await tracker;
  const cpuMs = server.cpuBetween(cpuBefore, server.cpuMs());
  latencies.sort((a, b) => a - b);
  const failed = Object.entries(statuses)
    .filter(([code]) => Number(code) >= 400)
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    scenario: scenario.name,
    connections,
    requests: latencies.length,
    seconds: result.duration,
    rps: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failures: failed + result.errors + result.timeouts,
    statuses,
    processes: server.processes,
    cpuMsPerRequest: latencies.length ? cpuMs / latencies.length : NaN,
  };
}
