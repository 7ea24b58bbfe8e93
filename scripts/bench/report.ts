// The benchmark's results as a table on the terminal and as docs/performance.md.
import type { PageBundle } from "./bundles";
import type { CampaignBench } from "./campaigns";
import type { FloorComparison } from "./floors";
import type { LoadResult } from "./load";

export type BenchReport = {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; loadBefore: number[]; loadAfter: number[] };
  dataset: { path: string; bytes: number; rows: Record<string, number>; note: string };
  durationSeconds: number;
  startup: { listeningMs: number; firstPageMs: number; migrationsMs: number };
  /** Bringing the monthly commissioner figures up to date before the run. */
  monthlyFigures: { centreMonths: number; ms: number };
  /** After the write scenarios, with each number of processes: the months the write scenarios marked, and the wait for the server to work them out. */
  settling: { processes: number; staleCentreMonths: number; waitedMs: number }[];
  memory: { idleMb: number; peakMb: number; afterMb: number };
  /** The load tests at one process per core (PATHWAY_WORKERS = cores), beside `load` at one. */
  load: LoadResult[];
  loadAllCores: LoadResult[];
  floors: { label: string; dashboardMs: number; rows: FloorComparison[] }[];
  maintenance: { firstMs: number; againMs: number; report: string } | null;
  skipped: { scenario: string; connections: number; reason: string }[];
  bundles: PageBundle[];
  searchProbe: { searched: number; found: number };
  /** Outreach campaigns (issue 21), measured in-process on their own in-memory database. */
  campaigns: CampaignBench;
  targets: { what: string; measured: string; target: string; ok: boolean }[];
};

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : "–");
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const n = (v: number) => v.toLocaleString("en-GB");

export function loadTable(report: BenchReport): string {
  const floorRps = new Map(
    report.load.filter((r) => r.scenario === "framework floor (/healthz)").map((r) => [r.connections, r.rps]),
  );
  const lines = [
    "| scenario | connections | requests | rps | × floor rps | p50 ms | p95 ms | p99 ms | CPU ms per request | failures |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of report.load) {
    const share = floorRps.get(r.connections) ? r.rps / floorRps.get(r.connections)! : NaN;
    lines.push(
      `| ${r.scenario} | ${r.connections} | ${n(r.requests)} | ${r.rps.toFixed(1)} | ${Number.isFinite(share) ? share.toFixed(3) : "–"} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${cpu(r.cpuMsPerRequest)} | ${r.failures} |`,
    );
  }
  return lines.join("\n");
}

const cpu = (v: number) => (Number.isFinite(v) ? (v >= 10 ? v.toFixed(1) : v.toFixed(2)) : "–");

/** Each scenario at one process and at one per core, side by side. */
export function coresTable(report: BenchReport): string {
  const all = report.loadAllCores;
  if (!all.length) return "";
  const k = all[0].processes;
  const lines = [
    `| scenario | connections | rps, 1 process | rps, ${k} processes | ratio | p95 ms, 1 | p95 ms, ${k} | CPU ms per request, 1 | CPU ms per request, ${k} | failures, ${k} |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const one of report.load) {
    const many = all.find((r) => r.scenario === one.scenario && r.connections === one.connections);
    if (!many) continue;
    lines.push(
      `| ${one.scenario} | ${one.connections} | ${one.rps.toFixed(1)} | ${many.rps.toFixed(1)} | ${(many.rps / one.rps).toFixed(2)}× | ${ms(one.p95)} | ${ms(many.p95)} | ${cpu(one.cpuMsPerRequest)} | ${cpu(many.cpuMsPerRequest)} | ${many.failures} |`,
    );
  }
  return lines.join("\n");
}

export function floorTable(floor: BenchReport["floors"][number]): string {
  const live = floor.rows.some((r) => r.liveMs !== null);
  const lines = [
    `**${floor.label}** — whole dashboard built in-process: ${ms(floor.dashboardMs)} ms`,
    "",
    `| figure | app ms (monthly figures) |${live ? " live ms |" : ""} hand-written SQL ms | app ÷ SQL | totals agree |`,
    `| --- | ---: |${live ? " ---: |" : ""} ---: | ---: | :---: |`,
  ];
  for (const r of floor.rows) {
    lines.push(
      `| ${r.metric} | ${ms(r.appMs)} |${live ? ` ${ms(r.liveMs ?? NaN)} |` : ""} ${ms(r.floorMs)} | ${r.ratio.toFixed(2)} | ${r.agrees ? "yes" : "**no**"} |`,
    );
  }
  const sum = (pick: (r: FloorComparison) => number) => floor.rows.reduce((s, r) => s + pick(r), 0);
  const app = sum((r) => r.appMs);
  const sql = sum((r) => r.floorMs);
  lines.push(
    `| all figures | ${ms(app)} |${live ? ` ${ms(sum((r) => r.liveMs ?? 0))} |` : ""} ${ms(sql)} | ${(app / sql).toFixed(2)} | |`,
  );
  return lines.join("\n");
}

export function bundleTable(bundles: PageBundle[]): string {
  const lines = ["| page | route | files | JS KB | JS KB gzipped |", "| --- | --- | ---: | ---: | ---: |"];
  for (const b of bundles)
    lines.push(`| ${b.url} | ${b.route} | ${b.files} | ${kb(b.rawBytes)} | ${kb(b.gzipBytes)} |`);
  return lines.join("\n");
}

export function targetTable(report: BenchReport): string {
  const lines = ["| target | measured | goal | met |", "| --- | --- | --- | :---: |"];
  for (const t of report.targets)
    lines.push(`| ${t.what} | ${t.measured} | ${t.target} | ${t.ok ? "yes" : "**no**"} |`);
  return lines.join("\n");
}

export function markdown(report: BenchReport, notes: string): string {
  const m = report.machine;
  const d = report.dataset;
  return `# Performance

Measured by \`npm run bench -- --db ${d.path}\` on ${report.date}. Regenerate the dataset with
\`npm run generate\` (see [scaling](scaling.md) for what the numbers mean for capacity).

## Machine and dataset

- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(0)} GB RAM, Node ${m.node}. Server pinned to core 0
  (\`taskset -c 0\`), load generator (autocannon) and the in-process measurements to core 1; then
  one server process per core on every core (below).
- The machine is shared: load average ${m.loadBefore.map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min) before the run and
  ${m.loadAfter.map((l) => l.toFixed(1)).join(" / ")} after it, from other work on the same two cores. Absolute numbers are noisy;
  the ratios (to the framework floor, to the hand-written SQL) are steadier.
- Dataset: ${d.note}, ${(d.bytes / 1e9).toFixed(1)} GB:
${Object.entries(d.rows)
  .map(([t, v]) => `  ${t} ${n(v)}`)
  .join(";\n")}.
- Each load test runs ${report.durationSeconds} s (slow pages: a fixed number of requests), at 1 and at 20 connections.

## Targets

${targetTable(report)}

## Requests

${loadTable(report)}

"× floor rps" is the scenario's requests per second divided by the framework floor's (\`/healthz\`, no
session, no database) at the same number of connections. The signed-in floor (\`/session/status\`) is
what every signed-in request costs before it does anything of its own: Remix's request handling, the
session cookie and the session and user read from the database. "CPU ms per request" is the server's
CPU time over the run (user and system, every thread of every server process, from the kernel's
counters for each process: what \`process.cpuUsage()\` reports inside it) divided by the requests
answered; it depends far less on how busy the shared machine is than latency does. Requests send
\`Accept-Encoding: gzip, deflate, br\` as a browser does.

## One process and one per core

The same requests against \`PATHWAY_WORKERS=1\` (pinned to core 0, the load generator on core 1)
and against one process per core (${report.loadAllCores[0]?.processes ?? "–"} processes on every core, the load generator
sharing them: it has no core of its own, so the ratio understates what a separate load
generator would see). "Ratio" is requests per second with all cores ÷ with one.

${coresTable(report)}
${report.skipped.map((k) => `\n- Not run: ${k.scenario} at ${k.connections} connections: ${k.reason}.`).join("")}
${
  report.maintenance
    ? `- The server's hourly jobs (retention, inactive accounts, overdue feedback), run once in-process before the server starts: ${ms(report.maintenance.firstMs)} ms (${report.maintenance.report}); a second run straight after: ${ms(report.maintenance.againMs)} ms. The server runs them on its figures thread, beside the thread that answers requests (dashboards wait behind them); the benchmark's server runs with PATHWAY_MAINTENANCE=off so they do not land mid-measurement.`
    : ""
}

- Start-up: listening (first \`/healthz\`) ${ms(report.startup.listeningMs)} ms after launch; first signed-in page (database opened,
  migrations checked) ${ms(report.startup.firstPageMs)} ms after launch. Applying new migrations to this database before the run took
  ${ms(report.startup.migrationsMs)} ms (the bench does that before starting the server, so start-up measures a check only).
- Monthly commissioner figures: ${n(report.monthlyFigures.centreMonths)} stale centre-months worked out in ${ms(report.monthlyFigures.ms)} ms before the run
  (all of them on a database made before they existed; none on one \`npm run generate\` made, which works them out itself).
${report.settling
  .map(
    (w) =>
      `- After the write scenarios (${w.processes} process${w.processes > 1 ? "es" : ""}): the referrals they made had marked ${n(w.staleCentreMonths)} centre-months to work out again (a new detention changes re-entry figures up to a year back); the bench waited ${ms(w.waitedMs)} ms for the server's figures thread to do so, so that the scenarios after them (service inbox, FHIR search, dashboards) are measured without that work beside them.\n`,
  )
  .join(
    "",
  )}- Server memory (VmRSS): ${report.memory.idleMb.toFixed(0)} MB idle after start-up, peak ${report.memory.peakMb.toFixed(0)} MB while serving,
  ${report.memory.afterMb.toFixed(0)} MB after the load.
- Outreach campaign (in-process, on its own in-memory database): ${n(report.campaigns.numbers)} numbers uploaded, normalised,
  de-duplicated, checked against opt-outs and other campaigns' recent texts, written and previewed in
  ${ms(report.campaigns.uploadCheckPreviewMs)} ms (the user waits for this). Sending at 3,000 a minute: the job as the server runs it, every
  10 s with that interval's share, ${report.campaigns.runs} runs sending ${n(report.campaigns.sentInMinute)} texts through the Outbox channel, took ${ms(report.campaigns.sendMinuteMs)} ms of work,
  ${((report.campaigns.sendMinuteMs / 60_000) * 100).toFixed(1)}% of the minute; its longest stretch without yielding was ${ms(report.campaigns.longestHoldMs)} ms. The server runs the job on its
  figures thread, not on the thread that answers requests, so requests do not wait for it; dashboards' figures can.
- Person search probe: ${report.searchProbe.found} of ${report.searchProbe.searched} searches for a known person (exact name and date
  of birth) listed that person.

## Commissioner figures: the app against hand-written SQL

Each figure computed as the dashboard computes it (added up from the monthly figures kept on
write), by the app's live metric function (reading the records, one run), and by a hand-written
SQL query over the records for the same totals; on the same database, fastest of three runs
(monthly and SQL), in the benchmark's process. "Totals agree" checks both of the app's paths
against the SQL.

${report.floors.map(floorTable).join("\n\n")}

## JavaScript per page

From the client build's manifest: the entry, the root route and the page's route modules with
every chunk they import, each counted once, gzipped.

${bundleTable(report.bundles)}

${notes}
`;
}
