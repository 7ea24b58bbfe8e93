// Hostile input across forms, downloads and the FHIR API, through the real route modules and
// a real database: formula injection in every CSV download, SQL injection strings, very long
// strings, control characters and bytes that are not UTF-8, wrong JSON types, huge uploads.
// (Script tags and event handlers rendered as text are checked in a browser: e2e/security.)
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { auditEvents, custodyCentres, needsAssessments, people, services } from "#db/schema";
import { createApiKey } from "~/domain/api-keys.server";
import { recordAudit } from "~/domain/audit.server";
import { currentConsentWording } from "~/domain/consents.server";
import { errorReportCsv } from "~/domain/outcome-csv";
import { signInCookie } from "~/server/auth.server";
import { csvText } from "~/utils/csv";
import { parseCsv } from "~/utils/csv-read.server";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const FORMULAS = [
  '=HYPERLINK("http://x.example","click")',
  "+1+1",
  "-2+3",
  "@SUM(A1:A2)",
  "\t=1",
  "\r=1",
  "=cmd|' /C calc'!A0",
];
const SQL_STRINGS = [
  "Robert'); DROP TABLE people;--",
  "' OR '1'='1",
  '" OR ""="',
  "1; DELETE FROM users",
  "x' UNION SELECT password_hash FROM users--",
];

/** No cell of the CSV starts with a character that makes a spreadsheet run it as a formula. */
/** As a spreadsheet reads the cells: none starts a formula, at its start or after a separator. */
function expectNoFormulaCells(csv: string) {
  for (const row of parse(csv, { relax_column_count: true }) as string[][]) {
    for (const cell of row.filter((c) => !/^-?\d+(\.\d+)?$/.test(c)))
      expect(cell, JSON.stringify(row)).not.toMatch(/(^|[,;|\t\r\n])[=+\-@\t\r]/);
  }
}

let db: Db;
const context = { clientAddress: "127.0.0.1", cspNonce: "" };

beforeAll(() => {
  db = createDemoWorldDb();
  globalThis.__pathwayDb = db;
});
afterAll(() => {
  globalThis.__pathwayDb = undefined;
});

async function cookie(userId: string) {
  return (await signInCookie(userId, { request: new Request("http://localhost/"), context })).split(";")[0];
}

type Handler = (args: { request: Request; params: Record<string, string>; context: typeof context }) => unknown;

/** Calls a loader or action as Remix would; a thrown Response is returned like a returned one. */
async function call(handler: Handler, request: Request, params: Record<string, string> = {}) {
  try {
    return await handler({ request, params, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    if (thrown && typeof thrown === "object" && (thrown as { type?: string }).type === "DataWithResponseInit")
      return thrown;
    throw thrown;
  }
}

const statusOf = (result: unknown) =>
  result instanceof Response ? result.status : ((result as { init?: { status?: number } })?.init?.status ?? 200);
const dataOf = (result: unknown) => (result as { data?: unknown })?.data ?? result;

async function post(
  userId: string,
  url: string,
  body: URLSearchParams | FormData | string,
  handler: Handler,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const request = new Request(`http://localhost${url}`, {
    method: "POST",
    headers: {
      Cookie: await cookie(userId),
      Origin: "http://localhost",
      ...(typeof body === "string" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      ...headers,
    },
    body,
  });
  return call(handler, request, params);
}

function offerForm(overrides: Record<string, string>) {
  return new URLSearchParams({
    result: "accepted",
    custodyReference: `NFC/26/${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
    givenName: "Alex",
    familyName: "Hostile",
    dateOfBirth: "1990-05-17",
    disclosedNeeds: "alcohol",
    consentConfirmed: "on",
    consentMethod: "verbal",
    consentWordingId: currentConsentWording(db, "speak_to_worker")!.id,
    ...overrides,
  });
}

describe("CSV downloads are neutralised against formula injection", () => {
  it("every CSV writer turns a cell starting with = + - @ tab or carriage return into text", () => {
    for (const value of FORMULAS) expect(csvText([[value]])).toMatch(/^"'/);
    expectNoFormulaCells(csvText([FORMULAS, SQL_STRINGS]));
    expectNoFormulaCells(csvText([FORMULAS, ["ok", 1, -1]]));
    expectNoFormulaCells(errorReportCsv(FORMULAS.map((problem, row) => ({ row, column: problem, problem }))));
    // Quotes, commas and line breaks survive the round trip as text.
    expect(parseCsv(csvText([['a "quoted", value\nwith a line break']]))).toEqual({
      ok: true,
      rows: [['a "quoted", value\nwith a line break']],
    });
  });

  it("the audit log export", async () => {
    recordAudit(
      db,
      { userId: "user-admin", organisationId: "org-operator", ipAddress: "=1+1" },
      { action: '=HYPERLINK("http://x")', recordType: "+cmd", recordId: "@SUM(1)", detail: { note: "-1+1" } },
    );
    const { loader } = await import("~/routes/admin.audit.export");
    const response = (await call(
      loader as Handler,
      new Request("http://localhost/admin/audit/export", { headers: { Cookie: await cookie("user-admin") } }),
    )) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const csv = await response.text();
    expect(csv).toContain("HYPERLINK");
    expectNoFormulaCells(csv);
  });

  it("the commissioner's table export, with a centre named like a formula", async () => {
    db.update(custodyCentres).set({ name: "=cmd|' /C calc'!A0" }).where(eq(custodyCentres.id, "cc-kelmoor")).run();
    // Where Excel's list separator is ';', the cell after it would start with '='.
    db.update(custodyCentres).set({ name: "Firth;=1+1" }).where(eq(custodyCentres.id, "cc-northfirth")).run();
    makeReferral(db, { centreId: "cc-kelmoor" });
    const { loader } = await import("~/routes/commissioner.export.$table");
    const response = (await call(
      loader as Handler,
      new Request("http://localhost/commissioner/export/referral-rate?breakdown=centre", {
        headers: { Cookie: await cookie("user-admin") },
      }),
      { table: "referral-rate" },
    )) as Response;
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain("cmd|");
    expect(csv).toContain(`"Firth;'=1+1"`);
    expectNoFormulaCells(csv);
  });

  it("the outcomes template a service downloads, with a service named like a formula", async () => {
    db.update(services).set({ name: "@SUM(1+1)*cmd" }).where(eq(services.id, "svc-nads-treatment")).run();
    const { referralId } = makeReferral(db);
    makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted" });
    const { loader } = await import("~/routes/service.uploads.template");
    const response = (await call(
      loader as Handler,
      new Request("http://localhost/service/uploads/template", { headers: { Cookie: await cookie("user-service") } }),
    )) as Response;
    const csv = await response.text();
    expect(csv).toContain("SUM(1+1)");
    expectNoFormulaCells(csv);
  });
});

describe("SQL injection strings are only ever data", () => {
  it("are stored exactly as typed in a person's name, and nothing else happens", async () => {
    const { action } = await import("~/routes/custody.centres.$centreId");
    const before = db.select().from(people).all().length;
    for (const [i, value] of SQL_STRINGS.entries()) {
      const result = await post(
        "user-custody",
        "/custody/centres/cc-northfirth",
        // A date of birth each: names that differ only in punctuation would otherwise be a strong
        // match, which the form rightly asks the officer to answer.
        offerForm({ givenName: value, familyName: `${value}${i}`, dateOfBirth: `${1950 + i}-05-17` }).toString(),
        action as Handler,
        { centreId: "cc-northfirth" },
      );
      expect(statusOf(result), value).toBe(302);
    }
    const stored = db.select().from(people).all();
    expect(stored.length).toBe(before + SQL_STRINGS.length);
    for (const value of SQL_STRINGS) expect(stored.some((p) => p.givenName === value)).toBe(true);
    expect(db.$client.prepare("SELECT count(*) AS n FROM users").get()).toMatchObject({ n: expect.any(Number) });
  });

  it("in a search find nothing they should not", async () => {
    const { action } = await import("~/routes/custody.centres.$centreId");
    for (const value of SQL_STRINGS) {
      const form = new URLSearchParams({
        intent: "find-matches",
        givenName: value,
        familyName: value,
        dateOfBirth: "1971-02-03",
      });
      const result = await post("user-custody", "/custody/centres/cc-northfirth", form.toString(), action as Handler, {
        centreId: "cc-northfirth",
      });
      expect(statusOf(result)).toBeLessThan(500);
      expect((dataOf(result) as { matches: unknown[] }).matches).toEqual([]);
    }
    const { loader } = await import("~/routes/admin.users._index");
    for (const value of SQL_STRINGS) {
      const result = await call(
        loader as Handler,
        new Request(`http://localhost/admin/users?search=${encodeURIComponent(value)}`, {
          headers: { Cookie: await cookie("user-admin") },
        }),
      );
      expect(statusOf(result)).toBe(200);
      const users = (dataOf(result) as { users: unknown[] }).users;
      expect(users).toEqual([]);
    }
  });
});

describe("very long strings, control characters and bytes that are not UTF-8", () => {
  it("a name far over the limit is refused with a message by the field, and nothing is saved", async () => {
    const { action } = await import("~/routes/custody.centres.$centreId");
    const before = db.select().from(people).all().length;
    const result = await post(
      "user-custody",
      "/custody/centres/cc-northfirth",
      offerForm({ givenName: "A".repeat(100_000) }).toString(),
      action as Handler,
      { centreId: "cc-northfirth" },
    );
    expect(statusOf(result)).toBe(400);
    expect((dataOf(result) as { errors: Record<string, string> }).errors.givenName).toBe("Use 100 characters or fewer");
    expect(db.select().from(people).all().length).toBe(before);
  });

  it("assessment notes over the limit are refused with a message, not cut short", async () => {
    const { referralId } = makeReferral(db);
    const { action } = await import("~/routes/worker.referrals.$referralId.assessment");
    await post(
      "user-worker",
      `/worker/referrals/${referralId}`,
      new URLSearchParams({ intent: "claim" }).toString(),
      (await import("~/routes/worker.referrals.$referralId._index")).action as Handler,
      { referralId },
    );
    const form = new URLSearchParams({ intent: "save", "drugs.level": "high", "drugs.notes": "x".repeat(2001) });
    const result = await post(
      "user-worker",
      `/worker/referrals/${referralId}/assessment`,
      form.toString(),
      action as Handler,
      { referralId },
    );
    expect(statusOf(result)).toBe(400);
    expect(JSON.stringify(dataOf(result))).toContain("Use 2000 characters or fewer");
    expect(db.select().from(needsAssessments).where(eq(needsAssessments.arrestReferralId, referralId)).all()).toEqual(
      [],
    );
  });

  it("bytes that are not UTF-8 arrive as replacement characters, never as an error", async () => {
    const { action } = await import("~/routes/custody.centres.$centreId");
    const form = offerForm({}).toString().replace("givenName=Alex", "givenName=Al%FF%FEx%C0%AF");
    const result = await post("user-custody", "/custody/centres/cc-northfirth", form, action as Handler, {
      centreId: "cc-northfirth",
    });
    expect(statusOf(result)).toBeLessThan(500);
    const stored = db
      .select()
      .from(people)
      .all()
      .find((p) => p.givenName.startsWith("Al\uFFFD"));
    if (statusOf(result) === 302) expect(stored?.givenName).toMatch(/^Al\uFFFD+x\uFFFD+$/);
  });

  it("control characters in a name never break the page or the database", async () => {
    const { action } = await import("~/routes/custody.centres.$centreId");
    const result = await post(
      "user-custody",
      "/custody/centres/cc-northfirth",
      offerForm({ givenName: "Jo\u0000\u0007\u001b[31mhn", familyName: "Rev\u202Eersed" }).toString(),
      action as Handler,
      { centreId: "cc-northfirth" },
    );
    expect(statusOf(result)).toBeLessThan(500);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  });
});

describe("the FHIR API and uploads take only what they expect", () => {
  it("wrong JSON types, odd shapes and deep nesting get an OperationOutcome, never a server error", async () => {
    const { referralId } = makeReferral(db);
    const taskId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
    const { key } = createApiKey(
      db,
      { userId: "user-admin", organisationId: "org-operator" },
      { organisationId: "org-nads", name: "hostile" },
    );
    const { action } = await import("~/routes/api.fhir.Task.$id");
    const bodies: string[] = [
      JSON.stringify([{ op: "replace", path: "/status", value: 5 }]),
      JSON.stringify([{ op: "replace", path: "/status", value: null }]),
      JSON.stringify([{ op: "replace", path: "/status", value: ["accepted"] }]),
      JSON.stringify([{ op: "replace", path: 42, value: "accepted" }]),
      JSON.stringify([{ op: 7, path: "/status", value: "accepted" }]),
      JSON.stringify([{ op: "remove", path: "/status" }]),
      JSON.stringify([{ op: "add", path: "/output/-", value: { type: "attended", valueDateTime: 12345 } }]),
      JSON.stringify([{ op: "add", path: "/output/-", value: { type: { coding: [{ system: 1, code: {} }] } } }]),
      JSON.stringify([{ op: "add", path: "/__proto__/polluted", value: true }]),
      JSON.stringify([{ op: "replace", path: "/status", value: "' OR 1=1--" }]),
      JSON.stringify({ op: "replace", path: "/status", value: "accepted" }),
      JSON.stringify("accepted"),
      "null",
      "[".repeat(50_000) + "]".repeat(50_000),
      "\u0000\u0001",
    ];
    for (const body of bodies) {
      const request = new Request(`http://localhost/api/fhir/Task/${taskId}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json-patch+json" },
        body,
      });
      const response = (await action({ request, params: { id: taskId }, context } as never)) as Response;
      expect(response.status, body.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(response.status, body.slice(0, 60)).toBeLessThan(500);
      expect((await response.json()).resourceType).toBe("OperationOutcome");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const tooBig = new Request(`http://localhost/api/fhir/Task/${taskId}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json-patch+json" },
      body: JSON.stringify([{ op: "replace", path: "/status", value: "x".repeat(300_000) }]),
    });
    expect(((await action({ request: tooBig, params: { id: taskId }, context } as never)) as Response).status).toBe(
      413,
    );
    // Search parameters are data too.
    const { loader } = await import("~/routes/api.fhir.Task");
    for (const value of SQL_STRINGS) {
      const request = new Request(
        `http://localhost/api/fhir/Task?status=${encodeURIComponent(value)}&_count=${encodeURIComponent(value)}`,
        { headers: { Authorization: `Bearer ${key}` } },
      );
      const response = (await loader({ request, params: {}, context } as never)) as Response;
      expect(response.status).toBeLessThan(500);
    }
  });

  it("an upload over the size limit is refused with a clear message before it is read", async () => {
    const { action } = await import("~/routes/service.uploads");
    const form = new FormData();
    form.set(
      "file",
      new File(["onward_referral_id,event,date\n".padEnd(1_200_000, "x")], "big.csv", { type: "text/csv" }),
    );
    const result = await post("user-service", "/service/uploads", form, action as Handler);
    expect(statusOf(result)).toBe(400);
    expect((dataOf(result) as { message: string }).message).toBe(
      "The file is larger than 1 MB: split it into smaller files.",
    );
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "outcomes.upload")).all()).toEqual([]);
  });
});
