// `npm run load`: 50 people using Pathway at once for a minute, against the production build
// on localhost — half custody officers recording accepted offers (each a new arrest
// referral), half service workers reporting outcomes (accepting referrals and booking first
// appointments), each opening the page the save leads to, as a browser would. It counts
// errors, looks in the server's log for SQLITE_BUSY ("database is locked"), and afterwards
// checks the database holds every write the users were told had been saved.
//
// It starts its own server on a fresh demo database, so it never touches real data. Needs a
// build: `npm run build` first (or BUILD_DIR=… for another build folder).
//   npm run load [-- --users 50 --seconds 60 --think-ms 0 --port 3390]
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { eq, inArray, sql } from "drizzle-orm";
import { currentConsentWording } from "~/domain/consents.server";
import { startSession } from "../app/domain/sessions.server";
import { openDatabase } from "../db/connection";
import { arrestReferrals, onwardReferrals, outcomeEvents, users } from "../db/schema";

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > -1 ? Number(process.argv[index + 1]) : fallback;
};
const USERS = argument("users", 50);
const SECONDS = argument("seconds", 60);
const THINK_MS = argument("think-ms", 0);
const PORT = argument("port", 3390);
const buildDirectory = process.env.BUILD_DIR ?? "build";
const origin = `http://127.0.0.1:${PORT}`;

if (!fs.existsSync(path.join(buildDirectory, "server", "index.js"))) {
  console.error(`No build in ${buildDirectory}/: run \`npm run build\` first (or set BUILD_DIR).`);
  process.exit(1);
}

// ---------------------------------------------------------------- a fresh demo database

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pathway-load-"));
const databaseFile = path.join(workDir, "load.db");
const secret = randomBytes(32).toString("hex");
console.log(`Seeding a demo database in ${workDir}…`);
execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/seed/seed.ts"], {
  env: { ...process.env, DATABASE_PATH: databaseFile, NODE_ENV: "development" },
  stdio: "inherit",
});

const db = openDatabase(databaseFile);
const officers = Math.ceil(USERS / 2);
const serviceWorkers = USERS - officers;
const loadUser = (role: "custody_officer" | "service_worker", i: number) => ({
  id: `load-${role}-${i}`,
  email: `load-${role}-${i}@load.example`,
  name: `Load ${role} ${i}`,
  role,
  organisationId: role === "custody_officer" ? "org-police" : "org-nads",
  passwordHash: "not-used",
});
const people = [
  ...Array.from({ length: officers }, (_, i) => loadUser("custody_officer", i)),
  ...Array.from({ length: serviceWorkers }, (_, i) => loadUser("service_worker", i)),
];
db.insert(users).values(people).run();

// Requested onward referrals for the service workers to work through, on the demo's cases.
const referralIds = db
  .select({ id: arrestReferrals.id, personId: arrestReferrals.personId })
  .from(arrestReferrals)
  .all();
const perWorker = 400;
const queues: string[][] = Array.from({ length: serviceWorkers }, () => []);
db.transaction((tx) => {
  const at = new Date().toISOString();
  for (let w = 0; w < serviceWorkers; w++) {
    for (let n = 0; n < perWorker; n++) {
      const referral = referralIds[(w * perWorker + n) % referralIds.length];
      const id = `load-onward-${w}-${n}`;
      tx.insert(onwardReferrals)
        .values({
          id,
          arrestReferralId: referral.id,
          personId: referral.personId,
          serviceId: "svc-nads-treatment",
          needDomain: "drugs",
          status: "requested",
          createdByUserId: "user-worker",
          referringOrganisationId: "org-firth-recovery",
          createdAt: at,
          updatedAt: at,
        })
        .run();
      queues[w].push(id);
    }
  }
});
const wordingId = currentConsentWording(db, "speak_to_worker")!.id;
const sessionCookie = createCookie("__Host-pathway_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: true,
  path: "/",
  secrets: [secret],
});
const cookies = await Promise.all(
  people.map(async (p) => (await sessionCookie.serialize(startSession(db, p.id, { userAgent: "load" }))).split(";")[0]),
);
db.$client.close();

// ---------------------------------------------------------------- the server

const server = spawn(process.execPath, ["server/index.mjs"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DATABASE_PATH: databaseFile,
    BUILD_DIR: buildDirectory,
    SESSION_SECRET: secret,
    PATHWAY_MAINTENANCE: "off",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
let serverLog = "";
server.stdout.on("data", (chunk) => (serverLog += chunk));
server.stderr.on("data", (chunk) => (serverLog += chunk));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${origin}/healthz`)).ok) break;
  } catch {
    if (i > 100) throw new Error(`The server did not start:\n${serverLog}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// ---------------------------------------------------------------- the users

type Tally = {
  requests: number;
  saves: number;
  errors: number;
  statuses: Record<string, number>;
  latencies: { save: number[]; page: number[] };
};
const tally: Tally = { requests: 0, saves: 0, errors: 0, statuses: {}, latencies: { save: [], page: [] } };
const savedReferrals: string[] = [];
const savedOutcomes: string[] = [];
const endAt = Date.now() + SECONDS * 1000;

async function request(cookie: string, url: string, body?: URLSearchParams): Promise<Response | null> {
  const started = performance.now();
  tally.requests += 1;
  try {
    const response = await fetch(`${origin}${url}`, {
      method: body ? "POST" : "GET",
      headers: {
        Cookie: cookie,
        Origin: origin,
        ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
      redirect: "manual",
    });
    await response.arrayBuffer();
    tally.latencies[body ? "save" : "page"].push(performance.now() - started);
    const key = String(response.status);
    tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
    if (response.status >= 500) tally.errors += 1;
    return response;
  } catch {
    tally.errors += 1;
    tally.statuses.network = (tally.statuses.network ?? 0) + 1;
    return null;
  }
}

const pause = () =>
  THINK_MS ? new Promise((resolve) => setTimeout(resolve, Math.random() * THINK_MS * 2)) : Promise.resolve();
const today = () => new Date().toISOString().slice(0, 10);

async function custodyOfficer(i: number) {
  for (let n = 0; Date.now() < endAt; n++) {
    const form = new URLSearchParams({
      result: "accepted",
      custodyReference: `NFC/26/${String(500_000 + i * 10_000 + n).padStart(6, "0")}`,
      givenName: "Load",
      familyName: `Tester${i}x${n}`,
      dateOfBirth: "1990-05-17",
      disclosedNeeds: "alcohol",
      consentConfirmed: "on",
      consentMethod: "verbal",
      consentWordingId: wordingId,
    });
    const response = await request(cookies[i], "/custody/centres/cc-northfirth", form);
    const location = response?.headers.get("Location") ?? "";
    const referralId = /[?&]referral=([^&]+)/.exec(location)?.[1];
    if (response?.status === 302 && referralId) {
      savedReferrals.push(referralId);
      tally.saves += 1;
      await request(cookies[i], location);
    } else if (response && response.status < 500) {
      tally.statuses[`refused-${response.status}`] = (tally.statuses[`refused-${response.status}`] ?? 0) + 1;
    }
    await pause();
  }
}

async function serviceWorker(w: number) {
  const cookie = cookies[officers + w];
  for (const onwardId of queues[w]) {
    if (Date.now() >= endAt) return;
    const steps = [
      new URLSearchParams({ intent: "accept", "accept.occurredOn": today() }),
      new URLSearchParams({
        intent: "book",
        "book.appointmentAt": `${today()}T23:30`,
        "book.place": "Harbour House, 12 Quay Road",
      }),
    ];
    for (const form of steps) {
      if (Date.now() >= endAt) return;
      const response = await request(cookie, `/service/referrals/${onwardId}`, form);
      const location = response?.headers.get("Location") ?? "";
      if (response?.status === 302 && location.includes("saved=")) {
        savedOutcomes.push(`${onwardId}:${form.get("intent")}`);
        tally.saves += 1;
        await request(cookie, location);
      } else if (response && response.status < 500) {
        tally.statuses[`refused-${response.status}`] = (tally.statuses[`refused-${response.status}`] ?? 0) + 1;
      }
      await pause();
    }
  }
}

console.log(
  `${USERS} users (${officers} custody officers, ${serviceWorkers} service workers) for ${SECONDS} s, think time ${THINK_MS} ms…`,
);
const started = Date.now();
await Promise.all([
  ...Array.from({ length: officers }, (_, i) => custodyOfficer(i)),
  ...Array.from({ length: serviceWorkers }, (_, w) => serviceWorker(w)),
]);
const elapsed = (Date.now() - started) / 1000;
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));

// ---------------------------------------------------------------- what was kept

const check = openDatabase(databaseFile);
const integrity = check.$client.pragma("integrity_check", { simple: true });
const loadUserIds = people.map((p) => p.id);
const storedReferrals = new Set(
  check
    .select({ id: arrestReferrals.id })
    .from(arrestReferrals)
    .where(inArray(arrestReferrals.createdByUserId, loadUserIds))
    .all()
    .map((r) => r.id),
);
const lostReferrals = savedReferrals.filter((id) => !storedReferrals.has(id));
const storedOutcomeCount = check
  .select({ n: sql<number>`count(*)` })
  .from(outcomeEvents)
  .where(inArray(outcomeEvents.reportedByUserId, loadUserIds))
  .get()!.n;
const acceptedStored = check
  .select({ n: sql<number>`count(*)` })
  .from(onwardReferrals)
  .where(eq(onwardReferrals.status, "accepted"))
  .get()!.n;
check.$client.close();

const latency = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(0) : "-";
  return `p50 ${at(50)}, p95 ${at(95)}, p99 ${at(99)}, max ${sorted.length ? sorted[sorted.length - 1].toFixed(0) : "-"}`;
};
const busy = (serverLog.match(/SQLITE_BUSY|database is locked/g) ?? []).length;
const serverErrors = serverLog
  .split("\n")
  .filter((line) => /Error|error/.test(line))
  .slice(0, 5);

console.log(`
Load test: ${USERS} simultaneous users for ${elapsed.toFixed(0)} s against ${origin}
  requests            ${tally.requests} (${(tally.requests / elapsed).toFixed(0)}/s), statuses ${JSON.stringify(tally.statuses)}
  saves acknowledged  ${tally.saves}: ${savedReferrals.length} new referrals, ${savedOutcomes.length} outcomes reported
  errors (5xx/network) ${tally.errors}
  SQLITE_BUSY in log  ${busy}
  latency ms, saves   ${latency(tally.latencies.save)}
  latency ms, pages   ${latency(tally.latencies.page)}
  afterwards          integrity_check ${integrity}; referrals stored ${storedReferrals.size} (lost ${lostReferrals.length}); outcome events stored ${storedOutcomeCount} for ${savedOutcomes.length} acknowledged; onward referrals accepted ${acceptedStored}
${serverErrors.length ? `  server log errors:\n    ${serverErrors.join("\n    ")}` : "  server log: no errors"}`);

fs.rmSync(workDir, { recursive: true, force: true });
const failed =
  tally.errors > 0 ||
  busy > 0 ||
  lostReferrals.length > 0 ||
  storedOutcomeCount !== savedOutcomes.length ||
  integrity !== "ok";
process.exit(failed ? 1 : 0);
