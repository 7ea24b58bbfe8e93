// Access control everywhere: every route module in app/routes, asked by every kind of user —
// nobody signed in, each role from the organisation the records belong to, and each role from
// an organisation they do not belong to — answers exactly as this table says. The loaders and
// actions are called with real Requests and session cookies, against a real database, through
// the app's own permission code. A route without an entry here fails the test.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { areas, custodyCentres, commissionerAreas, organisations, users, type Role } from "#db/schema";
import { createApiKey } from "~/domain/api-keys.server";
import { signInCookie } from "~/utils/auth.server";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

// ---------------------------------------------------------------- who asks

type Actor =
  | "anonymous"
  | "custody"
  | "custody-elsewhere"
  | "worker"
  | "worker-elsewhere"
  | "service"
  | "service-elsewhere"
  | "commissioner"
  | "commissioner-elsewhere"
  | "administrator";

const actors: Record<Exclude<Actor, "anonymous">, { userId: string; role: Role }> = {
  custody: { userId: "user-custody", role: "custody_officer" },
  "custody-elsewhere": { userId: "user-custody-elsewhere", role: "custody_officer" },
  worker: { userId: "user-worker", role: "referral_worker" },
  "worker-elsewhere": { userId: "user-worker-west", role: "referral_worker" },
  service: { userId: "user-service", role: "service_worker" },
  "service-elsewhere": { userId: "user-housing", role: "service_worker" },
  commissioner: { userId: "user-commissioner", role: "commissioner" },
  "commissioner-elsewhere": { userId: "user-commissioner-west", role: "commissioner" },
  administrator: { userId: "user-admin", role: "administrator" },
};
const allActors: Actor[] = ["anonymous", ...(Object.keys(actors) as Actor[])];

// ---------------------------------------------------------------- what they should get

/** 200; 403 (never for this role); 404 (not in their reach); "sign-in" (redirect there); or another status. */
type Answer = 200 | 302 | 400 | 401 | 403 | 404 | 405 | "sign-in" | "allowed";

type Entry = {
  /** The URL, with the test's own records filled in. */
  url: (r: Records) => string;
  get: (actor: Actor) => Answer;
  /** For routes with an action: what an empty POST gets. "allowed" = anything but 401/403/404/sign-in/5xx. */
  post?: (actor: Actor) => Answer;
};

const roleOf = (actor: Actor): Role | null => (actor === "anonymous" ? null : actors[actor].role);
const isElsewhere = (actor: Actor) => actor.endsWith("-elsewhere");

/**
 * Only these roles; with `scoped`, the record belongs to one organisation and the same role
 * from another organisation gets 404. Everyone else signed in gets 403; nobody signed in is
 * sent to sign in.
 */
function only(roles: Role[], { scoped = false, allowed = 200 as Answer } = {}) {
  return (actor: Actor): Answer => {
    const role = roleOf(actor);
    if (!role) return "sign-in";
    if (!roles.includes(role)) return 403;
    return scoped && isElsewhere(actor) ? 404 : allowed;
  };
}
const admin = only(["administrator"]);
const adminPost = only(["administrator"], { allowed: "allowed" });
const signedIn = (answer: Answer) => (actor: Actor): Answer => (actor === "anonymous" ? "sign-in" : answer);
const everyone = (answer: Answer) => (_actor: Actor): Answer => answer;

type Records = {
  referralId: string;
  personId: string;
  assessmentId: string;
  onwardReferralId: string;
};

const table: Record<string, Entry> = {
  "_index.tsx": { url: () => "/", get: everyone(302) },
  "sign-in.tsx": { url: () => "/sign-in", get: (a) => (a === "anonymous" ? 200 : 302), post: everyone(400) },
  "sign-in_.two-factor.tsx": { url: () => "/sign-in/two-factor", get: everyone(302), post: everyone(302) },
  "sign-in_.set-up-two-factor.tsx": { url: () => "/sign-in/set-up-two-factor", get: everyone(302), post: everyone(302) },
  "sign-out.tsx": { url: () => "/sign-out", get: everyone(302), post: everyone(302) },
  "session.status.tsx": { url: () => "/session/status", get: everyone(200) },
  "session.keep-alive.tsx": { url: () => "/session/keep-alive", get: everyone(405), post: (a) => (a === "anonymous" ? 401 : 200) },
  "set-password.$token.tsx": { url: () => "/set-password/not-a-real-token", get: everyone(404), post: everyone("allowed") },
  "notifications.tsx": { url: () => "/notifications", get: signedIn(200), post: signedIn("allowed") },
  "account.two-factor.tsx": { url: () => "/account/two-factor", get: signedIn(200), post: signedIn("allowed") },
  "search.tsx": {
    url: () => "/search",
    get: only(["custody_officer", "referral_worker", "service_worker"]),
    post: only(["custody_officer", "referral_worker", "service_worker"], { allowed: "allowed" }),
  },
  "directory.tsx": { url: () => "/directory", get: only(["referral_worker", "service_worker", "administrator"]) },

  // The FHIR API answers API keys only: a browser session is not a key (keys are checked below).
  "api.fhir.Task.ts": { url: () => "/api/fhir/Task", get: everyone(401), post: everyone(401) },
  "api.fhir.Task.$id.ts": { url: (r) => `/api/fhir/Task/${r.onwardReferralId}`, get: everyone(401), post: everyone(401) },

  "custody._index.tsx": { url: () => "/custody", get: only(["custody_officer"]), post: only(["custody_officer"], { allowed: "allowed" }) },
  "custody.centres.$centreId.tsx": {
    url: () => "/custody/centres/cc-northfirth",
    get: only(["custody_officer"], { scoped: true }),
    post: only(["custody_officer"], { scoped: true, allowed: "allowed" }),
  },
  "custody.referrals.$referralId.tsx": {
    url: (r) => `/custody/referrals/${r.referralId}`,
    get: only(["custody_officer"], { scoped: true }),
    post: only(["custody_officer"], { scoped: true, allowed: "allowed" }),
  },
  "custody.throughput._index.tsx": { url: () => "/custody/throughput", get: only(["custody_officer"]), post: only(["custody_officer"], { allowed: "allowed" }) },
  "custody.throughput.import.tsx": { url: () => "/custody/throughput/import", get: only(["custody_officer"]), post: only(["custody_officer"], { allowed: "allowed" }) },
  "custody.throughput.template.tsx": { url: () => "/custody/throughput/template", get: only(["custody_officer"]) },

  "worker.queue.tsx": { url: () => "/worker/queue", get: only(["referral_worker"]) },
  "worker.referrals.$referralId._index.tsx": {
    url: (r) => `/worker/referrals/${r.referralId}`,
    get: only(["referral_worker"], { scoped: true }),
    post: only(["referral_worker"], { scoped: true, allowed: "allowed" }),
  },
  "worker.referrals.$referralId.assessment.tsx": {
    url: (r) => `/worker/referrals/${r.referralId}/assessment`,
    get: only(["referral_worker"], { scoped: true }),
    post: only(["referral_worker"], { scoped: true, allowed: "allowed" }),
  },
  "worker.referrals.$referralId.onward.tsx": {
    url: (r) => `/worker/referrals/${r.referralId}/onward`,
    get: only(["referral_worker"], { scoped: true }),
    post: only(["referral_worker"], { scoped: true, allowed: "allowed" }),
  },
  "worker.referrals.$referralId.card.tsx": { url: (r) => `/worker/referrals/${r.referralId}/card`, get: only(["referral_worker"], { scoped: true }) },
  "worker.assessments.$assessmentId.tsx": { url: (r) => `/worker/assessments/${r.assessmentId}`, get: only(["referral_worker"], { scoped: true }) },

  "service.inbox.tsx": { url: () => "/service/inbox", get: only(["service_worker"]) },
  "service.referrals.$onwardReferralId.tsx": {
    url: (r) => `/service/referrals/${r.onwardReferralId}`,
    get: only(["service_worker"], { scoped: true }),
    post: only(["service_worker"], { scoped: true, allowed: "allowed" }),
  },
  "service.uploads.tsx": { url: () => "/service/uploads", get: only(["service_worker"]), post: only(["service_worker"], { allowed: "allowed" }) },
  "service.uploads.template.tsx": { url: () => "/service/uploads/template", get: only(["service_worker"]) },

  // Commissioners see the areas they fund; administrators see every area.
  "commissioner._index.tsx": { url: () => "/commissioner?area=adp-northfirth-kelmoor", get: only(["commissioner", "administrator"], { scoped: true }) },
  "commissioner.report.tsx": { url: () => "/commissioner/report?area=adp-northfirth-kelmoor", get: only(["commissioner", "administrator"], { scoped: true }) },
  "commissioner.export.$table.tsx": {
    url: () => "/commissioner/export/funnel?area=adp-northfirth-kelmoor",
    get: only(["commissioner", "administrator"], { scoped: true }),
  },

  "admin._index.tsx": { url: () => "/admin", get: admin },
  "admin.api-keys.tsx": { url: () => "/admin/api-keys", get: admin, post: adminPost },
  "admin.areas._index.tsx": { url: () => "/admin/areas", get: admin, post: adminPost },
  "admin.areas.$areaId.tsx": { url: () => "/admin/areas/la-northfirth", get: admin, post: adminPost },
  "admin.audit._index.tsx": { url: () => "/admin/audit", get: admin },
  "admin.audit.export.tsx": { url: () => "/admin/audit/export", get: admin },
  "admin.centres._index.tsx": { url: () => "/admin/centres", get: admin },
  "admin.centres.new.tsx": { url: () => "/admin/centres/new", get: admin, post: adminPost },
  "admin.centres.$centreId.tsx": { url: () => "/admin/centres/cc-northfirth", get: admin, post: adminPost },
  "admin.organisations._index.tsx": { url: () => "/admin/organisations", get: admin },
  "admin.organisations.new.tsx": { url: () => "/admin/organisations/new", get: admin, post: adminPost },
  "admin.organisations.$organisationId.tsx": { url: () => "/admin/organisations/org-police", get: admin, post: adminPost },
  "admin.services._index.tsx": { url: () => "/admin/services", get: admin },
  "admin.services.new.tsx": { url: () => "/admin/services/new", get: admin, post: adminPost },
  "admin.services.$serviceId.tsx": { url: () => "/admin/services/svc-nads-treatment", get: admin, post: adminPost },
  "admin.services.export.tsx": { url: () => "/admin/services/export", get: admin },
  "admin.services.import.tsx": { url: () => "/admin/services/import", get: admin, post: adminPost },
  "admin.settings.tsx": { url: () => "/admin/settings", get: admin, post: adminPost },
  "admin.subject-access._index.tsx": { url: () => "/admin/subject-access", get: admin },
  "admin.subject-access.$personId._index.tsx": { url: (r) => `/admin/subject-access/${r.personId}`, get: admin },
  "admin.subject-access.$personId.download.tsx": { url: (r) => `/admin/subject-access/${r.personId}/download`, get: admin },
  "admin.throughput._index.tsx": { url: () => "/admin/throughput", get: admin, post: adminPost },
  "admin.throughput.import.tsx": { url: () => "/admin/throughput/import", get: admin, post: adminPost },
  "admin.throughput.template.tsx": { url: () => "/admin/throughput/template", get: admin },
  "admin.users._index.tsx": { url: () => "/admin/users", get: admin },
  "admin.users.new.tsx": { url: () => "/admin/users/new", get: admin, post: adminPost },
  "admin.users.$userId.tsx": { url: () => "/admin/users/user-worker", get: admin, post: adminPost },
};

// ---------------------------------------------------------------- the world they ask in

type RouteModule = {
  loader?: (args: unknown) => Promise<unknown> | unknown;
  action?: (args: unknown) => Promise<unknown> | unknown;
};
const routeModules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");
const routeFiles = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith(".test.ts"));

let db: Db;
let records: Records;

/** A police force with a centre of its own, and a commissioner funding other areas. */
function addOtherOrganisations(db: Db) {
  db.insert(organisations)
    .values([
      { id: "org-police-elsewhere", name: "Another Police Service", kind: "police" },
      { id: "org-west-adp", name: "Westmuir ADP commissioning", kind: "commissioner" },
    ])
    .run();
  const area = db.select().from(areas).all();
  const division = area.find((a) => a.kind === "police_division")!;
  const localAuthority = area.find((a) => a.kind === "local_authority")!;
  db.insert(custodyCentres)
    .values({
      id: "cc-elsewhere",
      name: "Elsewhere Custody",
      code: "ELS",
      policeOrganisationId: "org-police-elsewhere",
      divisionAreaId: division.id,
      localAuthorityAreaId: localAuthority.id,
      custodyReferencePattern: "^ELS/\\d{2}/\\d{6}$",
      custodyReferenceExample: "ELS/26/000001",
    })
    .run();
  db.insert(commissionerAreas).values({ organisationId: "org-west-adp", areaId: "adp-westmuir" }).run();
  db.insert(users)
    .values([
      { id: "user-custody-elsewhere", email: "custody@elsewhere.example", name: "Other Officer", role: "custody_officer", organisationId: "org-police-elsewhere", passwordHash: "x" },
      { id: "user-commissioner-west", email: "commissioner@west.example", name: "Other Commissioner", role: "commissioner", organisationId: "org-west-adp", passwordHash: "x" },
    ])
    .run();
}

beforeAll(() => {
  db = createDemoWorldDb();
  globalThis.__pathwayDb = db;
  addOtherOrganisations(db);
  // The records belong to Northfirth: its police force, Firth Recovery, and the Northfirth
  // Alcohol and Drug Service; "elsewhere" users are from organisations with no part in them.
  const referral = makeReferral(db, { centreId: "cc-northfirth" });
  const onwardReferralId = makeOnwardReferral(db, { referralId: referral.referralId, serviceId: "svc-nads-treatment", status: "accepted" });
  const { assessmentId } = shareAssessmentWithService(db, onwardReferralId, ["alcohol"], {
    alcohol: { level: "high", notes: "SHARED-ALCOHOL-NOTE" },
    drugs: { level: "medium", notes: "UNSHARED-DRUGS-NOTE" },
  });
  records = { referralId: referral.referralId, personId: referral.personId, assessmentId: assessmentId!, onwardReferralId };
});

afterAll(() => {
  globalThis.__pathwayDb = undefined;
});

// ---------------------------------------------------------------- asking

const context = { clientAddress: "127.0.0.1", cspNonce: "" };

async function cookieFor(actor: Actor, url: string): Promise<string | null> {
  if (actor === "anonymous") return null;
  // A fresh session for each request: signing out in one case must not affect the next.
  const setCookie = await signInCookie(actors[actor].userId, { request: new Request(`http://localhost${url}`), context });
  return setCookie.split(";")[0];
}

function paramsFor(file: string, url: string): Record<string, string> {
  const names = file.replace(/\.(tsx|ts)$/, "").split(".").filter((s) => s.startsWith("$")).map((s) => s.slice(1));
  const pattern = file
    .replace(/\.(tsx|ts)$/, "")
    .replace(/_\./g, ".")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? "([^/]+)" : s.replace(/-/g, "\\-")))
    .join("/");
  const match = new RegExp(`^/${pattern === "_index" ? "" : pattern}`).exec(new URL(`http://localhost${url}`).pathname);
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? "")]));
}

type Outcome = { status: number; location: string | null; body: unknown };

function outcomeOf(value: unknown): Outcome {
  if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), body: value };
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    return { status: init?.status ?? 200, location: null, body: data };
  }
  return { status: 200, location: null, body: value };
}

async function ask(file: string, method: "GET" | "POST", actor: Actor): Promise<Outcome> {
  const module = await routeModules[`../../app/routes/${file}`]();
  const url = table[file].url(records);
  const headers = new Headers({ "User-Agent": "route-access-test" });
  const cookie = await cookieFor(actor, url);
  if (cookie) headers.set("Cookie", cookie);
  let request: Request;
  if (method === "POST") {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    headers.set("Origin", "http://localhost");
    request = new Request(`http://localhost${url}`, { method, headers, body: "" });
  } else {
    request = new Request(`http://localhost${url}`, { method, headers });
  }
  const handler = method === "GET" ? module.loader : module.action;
  if (!handler) return { status: 405, location: null, body: null };
  try {
    return outcomeOf(await handler({ request, params: paramsFor(file, url), context }));
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === "object" && (thrown as { type?: string }).type === "DataWithResponseInit")) return outcomeOf(thrown);
    throw thrown;
  }
}

function matches(outcome: Outcome, expected: Answer): boolean {
  if (expected === "sign-in") return outcome.status === 302 && (outcome.location ?? "").startsWith("/sign-in?redirectTo=");
  if (expected === "allowed") return ![401, 403, 404].includes(outcome.status) && outcome.status < 500 && !(outcome.location ?? "").startsWith("/sign-in?");
  return outcome.status === expected;
}

// ---------------------------------------------------------------- the tests

describe("route-wide access control", () => {
  it("has an entry for every route module, and no entry for a route that is gone", () => {
    const missing = routeFiles.filter((f) => !table[f]);
    expect(missing, "routes with no entry in the access table: add one").toEqual([]);
    expect(Object.keys(table).filter((f) => !routeFiles.includes(f))).toEqual([]);
    expect(Object.keys(routeModules).length).toBe(routeFiles.length);
  });

  it("has an entry for the action of every route that has one", async () => {
    for (const file of routeFiles) {
      const module = await routeModules[`../../app/routes/${file}`]();
      expect(Boolean(table[file]?.post), `${file}: ${module.action ? "has an action but no post entry" : "has a post entry but no action"}`).toBe(Boolean(module.action));
    }
  }, 60_000); // the first import of every route module

  for (const file of routeFiles) {
    it(`${file} answers every user as the table says`, async () => {
      const entry = table[file];
      if (!entry) return; // reported by the first test
      const wrong: string[] = [];
      for (const actor of allActors) {
        const got = await ask(file, "GET", actor);
        if (!matches(got, entry.get(actor))) wrong.push(`GET as ${actor}: expected ${entry.get(actor)}, got ${got.status}${got.location ? ` → ${got.location}` : ""}`);
        if (entry.post) {
          const posted = await ask(file, "POST", actor);
          if (!matches(posted, entry.post(actor))) wrong.push(`POST as ${actor}: expected ${entry.post(actor)}, got ${posted.status}${posted.location ? ` → ${posted.location}` : ""}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe("what each role's pages hold", () => {
  it("a service sees only the assessment sections the person agreed to share with it", async () => {
    const got = await ask("service.referrals.$onwardReferralId.tsx", "GET", "service");
    expect(got.status).toBe(200);
    const text = JSON.stringify(got.body);
    expect(text).toContain("SHARED-ALCOHOL-NOTE");
    expect(text).not.toContain("UNSHARED-DRUGS-NOTE");
  });

  it("a commissioner's dashboard holds figures, never a person", async () => {
    const referral = makeReferral(db, { centreId: "cc-northfirth" });
    for (const file of ["commissioner._index.tsx", "commissioner.report.tsx"]) {
      const got = await ask(file, "GET", "commissioner");
      expect(got.status).toBe(200);
      const text = JSON.stringify(got.body);
      for (const identifying of [referral.offer.familyName, referral.offer.givenName, referral.personId, referral.referralId, records.personId]) {
        expect(text, file).not.toContain(identifying);
      }
    }
  });

  it("the FHIR API gives a service's key its own Tasks and 404 for another service's", async () => {
    const audit = { userId: "user-admin", organisationId: "org-operator" };
    const own = createApiKey(db, audit, { organisationId: "org-nads", name: "own" });
    const other = createApiKey(db, audit, { organisationId: "org-harbour-housing", name: "other" });
    const module = await routeModules["../../app/routes/api.fhir.Task.$id.ts"]();
    const read = async (key: string) =>
      outcomeOf(
        await module.loader!({
          request: new Request(`http://localhost/api/fhir/Task/${records.onwardReferralId}`, { headers: { Authorization: `Bearer ${key}` } }),
          params: { id: records.onwardReferralId },
          context,
        }),
      ).status;
    expect(await read(own.key)).toBe(200);
    expect(await read(other.key)).toBe(404);
    expect(await read("pw_not-a-key")).toBe(401);
  });
});
