// `npm run bench -- --db path.db [--duration 10] [--connections 1,20] [--only queue,inbox] [--no-write]`
// Runs the production build against a generated database (npm run generate) and measures, side
// by side: the framework floor, the worker queue, person search, creating a referral, the
// service inbox, the FHIR Task search and three commissioner dashboards (rps and latency at 1
// and 20 connections); each commissioner figure against hand-written SQL; memory; start-up;
// JavaScript per page. Prints a table and writes docs/performance.md (between its markers).
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createCookie } from "@remix-run/node";
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import { createApiKey } from "~/domain/api-keys.server";
import { runMaintenance } from "~/domain/maintenance.server";
import { refreshMonthlyFigures } from "~/domain/metrics/monthly-refresh.server";
import { resolvePeriod } from "~/domain/metrics/period";
import { queueVersion } from "~/domain/queue.server";
import { startSession } from "~/domain/sessions.server";
import { pageBundles } from "./bench/bundles";
import { benchCampaigns } from "./bench/campaigns";
import { compareMetrics } from "./bench/floors";
import { measure, type LoadResult, type Scenario } from "./bench/load";
import {
  bundleTable,
  coresTable,
  floorTable,
  loadTable,
  markdown,
  targetTable,
  type BenchReport,
} from "./bench/report";
import {
  cpuBetween,
  freePort,
  residentMb,
  root,
  serverCpu,
  startServer,
  watchMemory,
  type RunningServer,
} from "./bench/server";
import { ensureBuild } from "./ensure.mjs";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "1,20" },
    only: { type: "string" },
    "no-write": { type: "boolean" },
    "no-floors": { type: "boolean" },
    "no-live": { type: "boolean" },
    "no-maintenance": { type: "boolean" },
    out: { type: "string", default: "docs/performance.md" },
  },
});
if (!values.db || !fs.existsSync(values.db)) {
  console.error(
    "npm run bench -- --db path.db   (make one with npm run generate -- --scale uk-10y --seed 1 --out data/uk.db)",
  );
  process.exit(1);
}
const databasePath = path.resolve(values.db);
const durationSeconds = Number(values.duration);
const connectionCounts = values.connections.split(",").map(Number);
const log = (line: string) => console.error(`[bench] ${line}`);

// The load generator and everything measured in-process run on core 1; the server gets core 0.
execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });

const BUILD_DIR = ".cache/build-bench";
process.env.BUILD_DIR = BUILD_DIR;
log(`building the production app into ${BUILD_DIR} if it is out of date`);
ensureBuild();

const loadBefore = os.loadavg();

// Migrations first (new indexes on a big file take a while), so that start-up measures a check.
const migrationsStarted = performance.now();
const db = openDatabase(databasePath);
migrateDatabase(db);
const migrationsMs = performance.now() - migrationsStarted;
log(`migrations applied in ${migrationsMs.toFixed(0)} ms`);

// The commissioner figures kept by month: brought up to date (all of them, on a database from
// before migration 0004) before anything is measured.
const figuresStarted = performance.now();
const { centreMonths: staleCentreMonths } = refreshMonthlyFigures(db);
const monthlyFiguresMs = performance.now() - figuresStarted;
log(`monthly figures: ${staleCentreMonths} stale centre-months worked out in ${monthlyFiguresMs.toFixed(0)} ms`);

const now = new Date();
const lastFinancialYear = (now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1) - 1;
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const tenYearsBack = new Date(Date.UTC(now.getUTCFullYear() - 10, now.getUTCMonth(), 1)).toISOString().slice(0, 7);

// ---------------------------------------------------------------- in-process, before the server starts

// Figures against hand-written SQL, on a quiet database.
const floors: BenchReport["floors"] = [];
const dashboardMs = new Map<string, number>();
if (!values["no-floors"]) {
  const nk = (
    db.$client
      .prepare("SELECT area_id FROM commissioner_areas WHERE organisation_id = 'org-nk-adp'")
      .pluck()
      .all() as string[]
  ).flatMap((a) => [
    a,
    ...(db.$client.prepare("SELECT id FROM areas WHERE parent_area_id = ?").pluck().all(a) as string[]),
  ]);
  const year = resolvePeriod({ kind: "year", year: String(lastFinancialYear) });
  const decade = resolvePeriod({ kind: "custom", from: tenYearsBack, to: lastMonth });
  const filters = [
    {
      id: "dash-area",
      label: `One area (Northfirth and Kelmoor ADP), financial year ${year.label}`,
      filter: { areaIds: nk, from: year.from, to: year.to, breakdown: "none" as const, now },
      period: year,
    },
    {
      id: "dash-uk",
      label: `All UK, ten years (${decade.label})`,
      filter: { areaIds: "all" as const, from: decade.from, to: decade.to, breakdown: "none" as const, now },
      period: decade,
    },
    {
      id: "dash-centre",
      label: `All UK, ${year.label}, by custody centre`,
      filter: { areaIds: "all" as const, from: year.from, to: year.to, breakdown: "centre" as const, now },
      period: year,
    },
  ];
  for (const f of filters) {
    log(`figures against SQL: ${f.label}`);
    const compared = compareMetrics(db, f.filter, f.period, { live: !values["no-live"] });
    floors.push({ label: f.label, ...compared });
    dashboardMs.set(f.id, compared.dashboardMs);
    log(
      `  whole dashboard ${compared.dashboardMs.toFixed(0)} ms; figures ${compared.rows.reduce((t, r) => t + r.appMs, 0).toFixed(0)} ms, SQL ${compared.rows.reduce((t, r) => t + r.floorMs, 0).toFixed(0)} ms`,
    );
  }
}

// The server's hourly jobs, once, timed: while they run the server answers nobody.
let maintenance: BenchReport["maintenance"] = null;
if (!values["no-maintenance"]) {
  log("running the maintenance jobs once (retention, inactive accounts, overdue feedback)");
  const started = performance.now();
  const first = runMaintenance(db, now);
  const firstMs = performance.now() - started;
  const againStarted = performance.now();
  runMaintenance(db, now);
  maintenance = { firstMs, againMs: performance.now() - againStarted, report: JSON.stringify(first) };
  log(`  first run ${firstMs.toFixed(0)} ms ${maintenance.report}; again ${maintenance.againMs.toFixed(0)} ms`);
}

// Outreach campaigns (issue 21): 10,000 numbers uploaded, checked and previewed (target under 5 s),
// and a minute's sending at 3,000 a minute, on their own in-memory database (scripts/bench/campaigns.ts).
log("outreach campaign: 10,000 numbers");
const campaignBench = await benchCampaigns();
log(
  `  upload, check and preview ${campaignBench.uploadCheckPreviewMs.toFixed(0)} ms; a minute's sending (${campaignBench.sentInMinute} texts) ${campaignBench.sendMinuteMs.toFixed(0)} ms of work in ${campaignBench.runs} runs, longest stretch ${campaignBench.longestHoldMs.toFixed(0)} ms`,
);

// ---------------------------------------------------------------- who signs in, and with what

const sessionSecret = randomBytes(32).toString("hex");
const cookie = createCookie("__Host-pathway_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: true,
  path: "/",
  secrets: [sessionSecret],
});
async function sessionCookieFor(email: string) {
  const user = db.$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string } | undefined;
  if (!user) throw new Error(`No user ${email}: generate the database with npm run generate`);
  // As signing in does (and as an administrator would, should the inactive-account job have closed it).
  db.$client
    .prepare("UPDATE users SET last_sign_in_at = ?, is_active = 1 WHERE id = ?")
    .run(new Date().toISOString(), user.id);
  const token = startSession(db, user.id, { userAgent: "pathway-bench" });
  return (await cookie.serialize(token)).split(";")[0];
}
const cookies = {
  custody: await sessionCookieFor("custody@pathway.example"),
  worker: await sessionCookieFor("worker@pathway.example"),
  service: await sessionCookieFor("service@pathway.example"),
  commissioner: await sessionCookieFor("commissioner@pathway.example"),
  national: await sessionCookieFor("national@pathway.example"),
};
const workerQueueVersion = queueVersion(
  db,
  db.$client
    .prepare("SELECT organisation_id FROM users WHERE email = 'worker@pathway.example'")
    .pluck()
    .get() as string,
);
// The NFO queue (issue 20): a worker of the provider with the most near-fatal overdose
// follow-ups waiting (not yet reached and agreed), picked from the data as the generator spreads
// them by centre; the queue puts those first.
const nfoWorker = db.$client
  .prepare(
    `SELECT u.email, r.provider_organisation_id AS providerId, count(*) AS waiting
     FROM arrest_referrals r
     JOIN users u ON u.id = (SELECT id FROM users WHERE organisation_id = r.provider_organisation_id
       AND role = 'referral_worker' ORDER BY id LIMIT 1)
     WHERE r.source = 'naloxone' AND r.awaiting_consent = 1 AND r.state <> 'closed'
     GROUP BY r.provider_organisation_id ORDER BY waiting DESC, r.provider_organisation_id LIMIT 1`,
  )
  .get() as { email: string; providerId: string; waiting: number } | undefined;
if (nfoWorker)
  log(`NFO queue: ${nfoWorker.email} (${nfoWorker.providerId}, ${nfoWorker.waiting} NFO follow-ups waiting)`);
else log("NFO queue: no provider has NFO follow-ups waiting on this file, so the NFO queue is not measured");
const nfoWorkerCookie = nfoWorker ? await sessionCookieFor(nfoWorker.email) : undefined;
const admin = db.$client
  .prepare("SELECT id, organisation_id AS organisationId FROM users WHERE email = 'admin@pathway.example'")
  .get() as { id: string; organisationId: string };
const apiKey = createApiKey(
  db,
  { userId: admin.id, organisationId: admin.organisationId },
  { organisationId: "org-nads", name: `bench ${new Date().toISOString()}` },
).key;

// People to search for, some typed with a slip (a letter swapped, day and month swapped); not
// people anonymised past retention, whom no search can find by name.
const sample = db.$client
  .prepare(
    "SELECT id, given_name AS given, family_name AS family, date_of_birth AS dob FROM people WHERE rowid % 997 = 0 AND anonymised_at IS NULL LIMIT 400",
  )
  .all() as { id: string; given: string; family: string; dob: string }[];
let searchAt = 0;
const searchBody = () => {
  const p = sample[searchAt++ % sample.length];
  let { family, dob } = p;
  if (searchAt % 5 === 0 && family.length > 4) family = family[0] + family[2] + family[1] + family.slice(3);
  if (searchAt % 7 === 0 && Number(dob.slice(8)) <= 12) dob = `${dob.slice(0, 5)}${dob.slice(8)}-${dob.slice(5, 7)}`;
  return new URLSearchParams({
    intent: "find-matches",
    givenName: p.given,
    familyName: family,
    dateOfBirth: dob,
    policeIdentifier: "",
    healthIdentifier: "",
  }).toString();
};

// Referrals to create, at a centre the benchmark's worker does not cover (so the queue measured
// is the generated one), with custody references in a year no generated referral, and no
// earlier run on this file, has used.
const usedYears = new Set(
  db.$client
    .prepare(
      "SELECT DISTINCT substr(custody_reference, 5, 2) FROM custody_episodes WHERE custody_centre_id = 'cc-glenbrae' AND custody_reference >= 'GBR/40/'",
    )
    .pluck()
    .all() as string[],
);
const freeYears = Array.from({ length: 59 }, (_, i) => String(40 + i)).filter((y) => !usedYears.has(y));
if (!freeYears.length)
  throw new Error("Every year of custody references the bench uses at cc-glenbrae is taken: generate the file again");
const runYear = freeYears[Math.floor(Math.random() * freeYears.length)];
let referenceAt = 0;
const offerBody = () => {
  referenceAt++;
  const p = sample[(referenceAt * 31) % sample.length];
  return new URLSearchParams({
    result: "accepted",
    custodyReference: `GBR/${runYear}/${String(referenceAt).padStart(6, "0")}`,
    // The person is known: as the officer would, after search offered them (one person, one record).
    personId: p.id,
    givenName: p.given,
    familyName: `${p.family}`,
    dateOfBirth: p.dob,
    arrivedAt: "",
    disclosedNeeds: "drugs",
    consentConfirmed: "on",
    consentMethod: "verbal",
    consentWordingId: "cw-speak-1",
  }).toString();
};

const dashboards = {
  areaYear: `/commissioner?period=year&year=${lastFinancialYear}&breakdown=none`,
  ukTenYears: `/commissioner?period=custom&from=${tenYearsBack}&to=${lastMonth}&breakdown=none`,
  byCentre: `/commissioner?period=year&year=${lastFinancialYear}&breakdown=centre`,
};

const nfoViews = {
  areaYear: `/commissioner/nfo?period=year&year=${lastFinancialYear}`,
  ukYear: `/commissioner/nfo?period=year&year=${lastFinancialYear}`,
};

const scenarios: (Scenario & { id: string; skipAt20?: string })[] = [
  { id: "floor", name: "framework floor (/healthz)", method: "GET", path: "/healthz" },
  // What any signed-in request costs before its own work: Remix, the session and the user, no page.
  {
    id: "signed-in",
    name: "signed-in floor (/session/status)",
    method: "GET",
    path: "/session/status",
    headers: { cookie: cookies.worker },
  },
  { id: "queue", name: "worker queue", method: "GET", path: "/worker/queue", headers: { cookie: cookies.worker } },
  // The queue page's 10-second refresh when nothing changed: 204 from one read of the version.
  {
    id: "queue-refresh",
    name: "worker queue refresh, nothing changed",
    method: "GET",
    path: `/worker/queue/changes?since=${workerQueueVersion}`,
    headers: { cookie: cookies.worker },
  },
  ...(nfoWorkerCookie
    ? [
        {
          id: "nfo-queue",
          name: "worker queue with NFO follow-ups waiting",
          method: "GET" as const,
          path: "/worker/queue",
          headers: { cookie: nfoWorkerCookie },
        },
      ]
    : []),
  {
    id: "search",
    name: "person search while typing",
    method: "POST",
    path: "/custody/centres/cc-northfirth.data",
    headers: { cookie: cookies.custody },
    body: searchBody,
  },
  {
    id: "create",
    name: "creating a referral",
    method: "POST",
    path: "/custody/centres/cc-glenbrae.data",
    headers: { cookie: cookies.custody },
    body: offerBody,
  },
  { id: "inbox", name: "service inbox", method: "GET", path: "/service/inbox", headers: { cookie: cookies.service } },
  {
    id: "fhir",
    name: "FHIR Task search (50)",
    method: "GET",
    path: "/api/fhir/Task?_count=50",
    headers: { authorization: `Bearer ${apiKey}` },
  },
  {
    id: "dash-area",
    name: "dashboard: one area, one year",
    method: "GET",
    path: dashboards.areaYear,
    headers: { cookie: cookies.commissioner },
    maxPerConnection: 30,
  },
  {
    id: "dash-uk",
    name: "dashboard: all UK, ten years",
    method: "GET",
    path: dashboards.ukTenYears,
    headers: { cookie: cookies.national },
    maxPerConnection: 5,
  },
  {
    id: "dash-centre",
    name: "dashboard: all UK, one year, by centre",
    method: "GET",
    path: dashboards.byCentre,
    headers: { cookie: cookies.national },
    maxPerConnection: 5,
  },
  // The NFO group view: a fixed number of requests at one connection, as the dashboards.
  {
    id: "nfo-area",
    name: "NFO group view: one area, one year",
    method: "GET",
    path: nfoViews.areaYear,
    headers: { cookie: cookies.commissioner },
    maxPerConnection: 30,
    skipAt20: "the NFO group view is measured at one connection, as the dashboards",
  },
  {
    id: "nfo-uk",
    name: "NFO group view: all UK, one year",
    method: "GET",
    path: nfoViews.ukYear,
    headers: { cookie: cookies.national },
    maxPerConnection: 10,
    skipAt20: "the NFO group view is measured at one connection, as the dashboards",
  },
];
const settling: BenchReport["settling"] = [];
const only = values.only?.split(",");
const chosen = scenarios.filter((s) => !only || s.id === "floor" || s.id === "signed-in" || only.includes(s.id));

// A dashboard that takes seconds is not worth 20 connections' worth of queueing: it gets a
// few requests at one connection, and at 20 just one each if it fits in the time budget.
for (const s of scenarios) {
  const ms = dashboardMs.get(s.id);
  if (ms === undefined) continue;
  s.maxPerConnection = Math.max(1, Math.min(30, Math.floor((durationSeconds * 1000) / Math.max(ms, 1))));
  if (ms * 20 > 120_000)
    s.skipAt20 = `one dashboard takes ${(ms / 1000).toFixed(1)} s in-process, so 20 at once would queue for over two minutes`;
}

// ---------------------------------------------------------------- the server

// One process pinned to core 0 first (the per-core figures), then one per core.
// os.cpus(), not availableParallelism(): this process has pinned itself to one core.
const ALL_CORES = Math.min(os.cpus().length, 2);
const server = await startServer({
  buildDir: BUILD_DIR,
  databasePath,
  sessionSecret,
  port: await freePort(),
  cores: "0",
  workers: 1,
});
const firstPage = await fetch(`${server.baseUrl}/worker/queue`, { headers: { cookie: cookies.worker } });
await firstPage.text();
const startup = { listeningMs: server.listeningMs, firstPageMs: performance.now() - server.startedAt, migrationsMs };
log(
  `listening after ${server.listeningMs.toFixed(0)} ms; first page after ${startup.firstPageMs.toFixed(0)} ms (${firstPage.status})`,
);

try {
  // Every scenario must work before it is timed.
  for (const s of chosen) {
    const response = await fetch(server.baseUrl + s.path, {
      method: s.method,
      headers: { ...(s.body ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...s.headers },
      body: s.body?.(),
      redirect: "manual",
    });
    await response.text();
    if (response.status >= 400)
      throw new Error(`${s.name}: ${s.method} ${s.path} answered ${response.status}\n${server.output().slice(-3000)}`);
  }

  // Does search find the person searched for? (A cap on candidates could hide them at scale.)
  let found = 0;
  const probes = sample.slice(0, 40);
  for (const p of probes) {
    const body = new URLSearchParams({
      intent: "find-matches",
      givenName: p.given,
      familyName: p.family,
      dateOfBirth: p.dob,
    }).toString();
    const response = await fetch(`${server.baseUrl}/custody/centres/cc-northfirth.data`, {
      method: "POST",
      headers: { cookie: cookies.custody, "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    if ((await response.text()).includes(p.id)) found++;
  }
  const searchProbe = { searched: probes.length, found };
  log(`person search found ${found} of ${probes.length} known people`);

  const idleMb = residentMb(server.pid);
  const memory = watchMemory(server.pid);
  const skipped: BenchReport["skipped"] = [];
  const load = await runLoad(server, 1, skipped);
  memory.stop();
  const afterMb = residentMb(server.pid);
  await server.stop();

  // The same requests against one process per core. The load generator can no longer have a
  // core of its own: it is let run on every core, beside the server's processes.
  let loadAllCores: LoadResult[] = [];
  if (ALL_CORES > 1) {
    execSync(`taskset -a -cp 0-${ALL_CORES - 1} ${process.pid}`, { stdio: "ignore" });
    const cluster = await startServer({
      buildDir: BUILD_DIR,
      databasePath,
      sessionSecret,
      port: await freePort(),
      cores: `0-${ALL_CORES - 1}`,
      workers: ALL_CORES,
    });
    try {
      loadAllCores = await runLoad(cluster, ALL_CORES, []);
    } finally {
      await cluster.stop();
      execSync(`taskset -a -cp 1 ${process.pid}`, { stdio: "ignore" });
    }
  }

  const report: BenchReport = {
    date: now.toISOString().slice(0, 10),
    machine: {
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      memoryGb: os.totalmem() / 1024 ** 3,
      node: process.versions.node,
      loadBefore,
      loadAfter: os.loadavg(),
    },
    dataset: {
      path: path.relative(root, databasePath),
      bytes: fs.statSync(databasePath).size,
      rows: datasetRows(db),
      note: describeDataset(db),
    },
    durationSeconds,
    startup,
    monthlyFigures: { centreMonths: staleCentreMonths, ms: monthlyFiguresMs },
    settling,
    memory: { idleMb, peakMb: memory.peak(), afterMb },
    load,
    loadAllCores,
    floors,
    maintenance,
    skipped,
    bundles: pageBundles(path.join(root, BUILD_DIR)),
    searchProbe,
    campaigns: campaignBench,
    targets: [],
  };
  report.targets = targets(report);

  console.log(`\n${targetTable(report)}\n\n${loadTable(report)}\n\n${coresTable(report)}\n`);
  for (const f of floors) console.log(`${floorTable(f)}\n`);
  console.log(bundleTable(report.bundles.slice(0, 8)));
  if (!values["no-write"]) writeReport(path.resolve(root, values.out), markdown(report, ""));
} finally {
  await server.stop();
  db.$client.close();
}

// ---------------------------------------------------------------- helpers

/** Every chosen scenario at each number of connections, against one running server. */
async function runLoad(
  running: RunningServer,
  processes: number,
  skipped: BenchReport["skipped"],
): Promise<LoadResult[]> {
  const counters = { processes, cpuMs: () => serverCpu(running.pid), cpuBetween };
  const results: LoadResult[] = [];
  for (const s of chosen) {
    for (const connections of connectionCounts) {
      if (connections > 1 && s.skipAt20) {
        log(`${s.name} × ${connections}: not run (${s.skipAt20})`);
        skipped.push({ scenario: s.name, connections, reason: s.skipAt20 });
        continue;
      }
      // A short warm-up, then the measured run. The warm-up opens at least one connection for each
      // server process (the cluster hands out connections in turn), so that every process has read
      // what it keeps between requests, as it would have after its first few minutes of work.
      await measure(running.baseUrl, { ...s, maxPerConnection: 2 }, Math.max(processes, Math.min(connections, 4)), 2);
      const result = await measure(running.baseUrl, s, connections, durationSeconds, counters);
      results.push(result);
      log(
        `[${processes} process${processes > 1 ? "es" : ""}] ${s.name} × ${connections}: ${result.rps.toFixed(1)} rps, p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} p99 ${result.p99.toFixed(1)} ms, CPU ${result.cpuMsPerRequest.toFixed(2)} ms a request` +
          `${result.failures ? `, ${result.failures} failures ${JSON.stringify(result.statuses)}` : ""}`,
      );
    }
    // Whatever comes next is measured once the server has worked out what these referrals changed.
    if (s.id === "create") settling.push({ processes, ...(await monthlyFiguresSettled()) });
  }
  return results;
}

/**
 * The write scenarios made in seconds a day's worth of referrals, each marking the months it
 * changes (a new detention changes re-entry back to a year before) for the server's figures
 * thread to work out again within a minute. The scenarios after them (the inbox, FHIR search and
 * the dashboards) are measured once it has, not while it does: its CPU would count as theirs.
 * How long that took is reported.
 */
async function monthlyFiguresSettled(): Promise<{ staleCentreMonths: number; waitedMs: number }> {
  const stale = () => (db.$client.prepare("SELECT count(*) AS n FROM figure_months_stale").get() as { n: number }).n;
  const staleCentreMonths = stale();
  const started = performance.now();
  while (stale() > 0 && performance.now() - started < 600_000) await new Promise((r) => setTimeout(r, 2000));
  const waitedMs = performance.now() - started;
  log(
    `monthly figures: ${staleCentreMonths} centre-months marked by the write scenarios, up to date after ${(waitedMs / 1000).toFixed(0)} s`,
  );
  return { staleCentreMonths, waitedMs };
}

function datasetRows(db: Db): Record<string, number> {
  const tables = [
    "custody_throughput",
    "people",
    "custody_offers",
    "arrest_referrals",
    "needs_assessments",
    "onward_referrals",
    "outcome_events",
    "audit_events",
  ];
  const rows: Record<string, number> = {};
  for (const t of tables) rows[t] = (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  rows.detentions = (
    db.$client.prepare("SELECT sum(detentions) AS n FROM custody_throughput").get() as { n: number }
  ).n;
  rows.custody_centres = (db.$client.prepare("SELECT count(*) AS n FROM custody_centres").get() as { n: number }).n;
  return rows;
}

function describeDataset(db: Db): string {
  const range = db.$client
    .prepare("SELECT min(created_at) AS first, max(created_at) AS last FROM arrest_referrals")
    .get() as { first: string; last: string };
  return `referrals from ${range.first.slice(0, 10)} to ${range.last.slice(0, 10)} (${path.basename(databasePath)})`;
}

function targets(report: BenchReport): BenchReport["targets"] {
  const nameOf = (id: string) => scenarios.find((s) => s.id === id)?.name;
  const at = (id: string, connections: number) =>
    report.load.find((r) => r.scenario === nameOf(id) && r.connections === connections);
  const atAll = (id: string, connections: number) =>
    report.loadAllCores.find((r) => r.scenario === nameOf(id) && r.connections === connections);
  const list: BenchReport["targets"] = [];
  const floor20 = at("floor", 20);
  const signedIn20 = at("signed-in", 20);
  if (signedIn20) {
    list.push({
      what: "signed-in floor: server CPU per request (1 process, 20 connections)",
      measured: `${signedIn20.cpuMsPerRequest.toFixed(2)} ms`,
      target: "at most 1 ms",
      ok: signedIn20.cpuMsPerRequest <= 1,
    });
    if (floor20)
      list.push({
        what: "signed-in floor: rps against the framework floor at 20",
        measured: `${(signedIn20.rps / floor20.rps).toFixed(2)}× (${signedIn20.rps.toFixed(0)} of ${floor20.rps.toFixed(0)})`,
        target: "at least 0.5×",
        ok: signedIn20.rps / floor20.rps >= 0.5,
      });
  }
  const p95Goals: [string, number][] = [
    ["queue", 50],
    ["nfo-queue", 50],
    ["search", 50],
    ["inbox", 80],
    ["fhir", 150],
  ];
  for (const [id, goal] of p95Goals) {
    const r = atAll(id, 20) ?? at(id, 20);
    if (!r) continue;
    list.push({
      what: `${r.scenario}: p95 at 20 connections, ${r.processes} process${r.processes > 1 ? "es" : ""}`,
      measured: `${r.p95.toFixed(1)} ms`,
      target: `under ${goal} ms`,
      ok: r.p95 < goal,
    });
  }
  for (const id of ["queue", "search"]) {
    const r = at(id, 20);
    if (!r || !signedIn20) continue;
    const share = r.rps / signedIn20.rps;
    list.push({
      what: `${r.scenario}: rps against the signed-in floor at 20 (1 process)`,
      measured: `${share.toFixed(2)}× (${r.rps.toFixed(0)} of ${signedIn20.rps.toFixed(0)})`,
      target: "at least 0.5×",
      ok: share >= 0.5,
    });
  }
  for (const id of ["signed-in", "queue"]) {
    const one = at(id, 20);
    const all = atAll(id, 20);
    if (!one || !all) continue;
    const ratio = all.rps / one.rps;
    list.push({
      what: `${one.scenario}: rps with ${all.processes} processes against 1, at 20`,
      measured: `${ratio.toFixed(2)}×`,
      target: `at least ${(0.85 * all.processes).toFixed(2)}× (0.85 × ${all.processes})`,
      ok: ratio >= 0.85 * all.processes,
    });
  }
  for (const c of connectionCounts) {
    const create = at("create", c);
    if (create)
      list.push({
        what: `creating a referral: p95 at ${c} connection${c > 1 ? "s" : ""}`,
        measured: `${create.p95.toFixed(1)} ms`,
        target: "under 50 ms",
        ok: create.p95 < 50,
      });
  }
  for (const id of ["dash-area", "dash-uk", "dash-centre", "nfo-area", "nfo-uk"]) {
    const r = at(id, 1);
    if (r)
      list.push({
        what: `${r.scenario}: p95 at 1 connection`,
        measured: `${r.p95.toFixed(0)} ms`,
        target: "under 300 ms",
        ok: r.p95 < 300,
      });
  }
  for (const f of report.floors) {
    // Below a millisecond the ratio measures building the query, not running it.
    const worst = f.rows.filter((r) => r.floorMs >= 1).reduce((a, b) => (b.ratio > a.ratio ? b : a));
    list.push({
      what: `${f.label}: worst figure against SQL (SQL ≥ 1 ms)`,
      measured: `${worst.ratio.toFixed(2)}× (${worst.metric})`,
      target: "at most 3×",
      ok: worst.ratio <= 3,
    });
  }
  const c = report.campaigns;
  list.push({
    what: `outreach campaign: ${c.numbers.toLocaleString("en-GB")} numbers uploaded, checked and previewed`,
    measured: `${(c.uploadCheckPreviewMs / 1000).toFixed(2)} s`,
    target: "under 5 s",
    ok: c.uploadCheckPreviewMs < 5000,
  });
  // The server runs the job every 10 s on its figures thread, not the thread that answers
  // requests (app/domain/metrics/dashboard-worker.ts): a minute's work must be a small share of
  // the minute; its longest stretch is how long the figures (dashboards) could wait behind it.
  const share = c.sendMinuteMs / 60_000;
  list.push({
    what: "outreach campaign: sending at 3,000 a minute without holding the request thread",
    measured: `${c.sentInMinute.toLocaleString("en-GB")} texts in ${c.runs} runs: ${(c.sendMinuteMs / 1000).toFixed(2)} s of work a minute (${(share * 100).toFixed(1)}% of the minute), on the figures thread; longest stretch ${c.longestHoldMs.toFixed(0)} ms`,
    target: "all 3,000 sent, under 25% of the minute, off the request thread",
    ok: c.sentInMinute >= 3000 && share < 0.25,
  });
  list.push({
    what: "server memory while serving (peak VmRSS)",
    measured: `${report.memory.peakMb.toFixed(0)} MB`,
    target: "under 400 MB",
    ok: report.memory.peakMb < 400,
  });
  list.push({
    what: "start-up to first signed-in page",
    measured: `${report.startup.firstPageMs.toFixed(0)} ms`,
    target: "under 3 s",
    ok: report.startup.firstPageMs < 3000,
  });
  const largest = report.bundles[0];
  if (largest)
    list.push({
      what: "JavaScript on the heaviest page (gzipped)",
      measured: `${(largest.gzipBytes / 1024).toFixed(1)} KB (${largest.url})`,
      target: "under 150 KB",
      ok: largest.gzipBytes < 150 * 1024,
    });
  return list;
}

/** Replaces what lies between the markers, keeping the hand-written text around them. */
function writeReport(file: string, generated: string) {
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const block = `${start}\n${generated.trim()}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const next =
    current.includes(start) && current.includes(end)
      ? current.slice(0, current.indexOf(start)) + block + current.slice(current.indexOf(end) + end.length)
      : `${block}\n`;
  fs.writeFileSync(file, next);
  log(`wrote ${path.relative(root, file)}`);
}
