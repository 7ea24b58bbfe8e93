import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { apiKeys, auditEvents, onwardReferrals } from "#db/schema";
import { createApiKey, revokeApiKey } from "~/domain/api-keys.server";
import { EXTENSIONS, SYSTEMS } from "~/domain/fhir/codes";
import { loader as searchLoader, action as searchAction } from "~/routes/api.fhir.Task";
import { action as taskAction, loader as taskLoader } from "~/routes/api.fhir.Task.$id";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";
import { TASK_STATUS_CODES, fhirIssues } from "./fhir-validate";

const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };
const base = "http://localhost/api/fhir";
const context = { clientAddress: "127.0.0.1" } as never;

let db: Db;
let nadsKey: string;
let housingKey: string;
let nadsTask: string;
let housingTask: string;
let personName: string;

beforeEach(() => {
  db = createDemoWorldDb();
  globalThis.__pathwayDb = db;
  nadsKey = createApiKey(db, admin, { organisationId: "org-nads", name: "Case system" }).key;
  housingKey = createApiKey(db, admin, { organisationId: "org-harbour-housing", name: "Housing CRM" }).key;
  const { referralId, offer } = makeReferral(db);
  personName = offer.familyName!;
  nadsTask = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
  shareAssessmentWithService(db, nadsTask, ["drugs"], {
    drugs: { level: "high", notes: "Daily heroin use" },
    housing: { level: "high", notes: "Roofless (not shared)" },
  });
  housingTask = makeOnwardReferral(db, { referralId, serviceId: "svc-harbour-housing", status: "requested" });
});

async function get(path: string, key?: string) {
  const request = new Request(`${base}${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const id = path.match(/^\/Task\/([^?]+)/)?.[1];
  const response = id
    ? await taskLoader({ request, params: { id }, context })
    : await searchLoader({ request, params: {}, context });
  return { response: response as Response, body: await (response as Response).json() };
}

async function patch(id: string, operations: unknown, key = nadsKey, headers: Record<string, string> = {}) {
  const request = new Request(`${base}/Task/${id}`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json-patch+json", ...headers },
    body: typeof operations === "string" ? operations : JSON.stringify(operations),
  });
  const response = (await taskAction({ request, params: { id }, context })) as Response;
  return { response, body: await response.json() };
}

function expectValid(resource: unknown) {
  expect(fhirIssues(resource)).toEqual([]);
}

function expectOutcome(result: { response: Response; body: any }, status: number, code?: string) {
  expect(result.response.status).toBe(status);
  expect(result.response.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
  expect(result.response.headers.get("Cache-Control")).toBe("no-store");
  expect(result.body.resourceType).toBe("OperationOutcome");
  if (code) expect(result.body.issue[0].code).toBe(code);
  expectValid(result.body);
}

describe("the FHIR Task API: who sees what", () => {
  it("a service's key lists only its own Tasks, as a valid searchset Bundle", async () => {
    const { response, body } = await get("/Task", nadsKey);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 1 });
    expect(body.entry.map((e: any) => e.resource.id)).toEqual([nadsTask]);
    expect(body.entry[0].fullUrl).toBe(`${base}/Task/${nadsTask}`);
    expectValid(body);
    for (const entry of body.entry) {
      expectValid(entry.resource);
      expect(TASK_STATUS_CODES).toContain(entry.resource.status);
    }
    const housing = await get("/Task", housingKey);
    expect(housing.body.entry.map((e: any) => e.resource.id)).toEqual([housingTask]);
  });

  it("another service's Task is 404, exactly like one that does not exist", async () => {
    expectOutcome(await get(`/Task/${housingTask}`, nadsKey), 404, "not-found");
    expectOutcome(await get(`/Task/no-such-task`, nadsKey), 404, "not-found");
    expectOutcome(await patch(housingTask, [{ op: "replace", path: "/status", value: "accepted" }]), 404, "not-found");
    expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, housingTask)).get()!.status).toBe(
      "requested",
    );
  });

  it("no key, an unknown key or a revoked key is 401", async () => {
    expectOutcome(await get("/Task"), 401, "login");
    expectOutcome(await get("/Task", "pwk_not-a-real-key"), 401, "login");
    const { response } = await get("/Task");
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    const keyRow = db.select().from(apiKeys).where(eq(apiKeys.organisationId, "org-nads")).get()!;
    revokeApiKey(db, admin, keyRow.id);
    expectOutcome(await get(`/Task/${nadsTask}`, nadsKey), 401, "login");
  });

  it("the Task holds only what the person agreed to share with this service, and reading it is audited", async () => {
    const { response, body } = await get(`/Task/${nadsTask}`, nadsKey);
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toBe('W/"1"');
    expectValid(body);
    expect(body).toMatchObject({
      resourceType: "Task",
      intent: "order",
      status: "requested",
      focus: { reference: "#request" },
      for: { reference: "#patient" },
    });
    expect(body.owner).toEqual({ reference: "Organization/org-nads", display: "Northfirth Alcohol and Drug Service" });
    expect(body.requester).toEqual({
      reference: "Organization/org-firth-recovery",
      display: "Firth Recovery Partnership",
    });
    const patient = body.contained.find((r: any) => r.resourceType === "Patient");
    expect(patient.name[0].family).toBe(personName);
    expect(patient.telecom).toBeUndefined();
    const text = JSON.stringify(body);
    expect(text).toContain("Daily heroin use");
    expect(text).not.toContain("Roofless");
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.recordId, nadsTask))
        .all()
        .map((a) => a.action),
    ).toContain("person.view");

    // Without consent to share, the Task names nobody.
    const housing = await get(`/Task/${housingTask}`, housingKey);
    expectValid(housing.body);
    expect(housing.body.contained.some((r: any) => r.resourceType === "Patient")).toBe(false);
    expect(JSON.stringify(housing.body)).not.toContain(personName);
  });

  it("the referring worker's note reaches only a service the person agreed to share with, as on the service's page", async () => {
    for (const id of [nadsTask, housingTask]) {
      db.update(onwardReferrals)
        .set({ note: "Prefers an afternoon appointment" })
        .where(eq(onwardReferrals.id, id))
        .run();
    }
    expect(JSON.stringify((await get(`/Task/${nadsTask}`, nadsKey)).body)).toContain(
      "From the referring worker: Prefers an afternoon appointment",
    );
    const housing = await get(`/Task/${housingTask}`, housingKey);
    expectValid(housing.body);
    expect(JSON.stringify(housing.body)).not.toContain("Prefers an afternoon appointment");
  });

  it("searches by status and _lastUpdated", async () => {
    const later = makeOnwardReferral(db, {
      referralId: makeReferral(db).referralId,
      serviceId: "svc-kelmoor-recovery",
      status: "in-progress",
      daysAgo: 20,
    });
    const byStatus = await get("/Task?status=in-progress,on-hold", nadsKey);
    expect(byStatus.body.entry.map((e: any) => e.resource.id)).toEqual([later]);
    const old = new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10);
    expect((await get(`/Task?_lastUpdated=ge${old}`, nadsKey)).body.entry.map((e: any) => e.resource.id)).toEqual([
      nadsTask,
    ]);
    expect((await get(`/Task?_lastUpdated=le${old}`, nadsKey)).body.entry.map((e: any) => e.resource.id)).toEqual([
      later,
    ]);
    const paged = await get("/Task?_count=1", nadsKey);
    expect(paged.body.total).toBe(2);
    expect(paged.body.entry).toHaveLength(1);
    expect(paged.body.link.find((l: any) => l.relation === "next").url).toContain("_offset=1");
    expectValid(paged.body);
    expectOutcome(await get("/Task?status=done", nadsKey), 400, "value");
    expectOutcome(await get("/Task?_count=-1", nadsKey), 400, "value");
    expectOutcome(await get("/Task?_lastUpdated=yesterday", nadsKey), 400, "value");
  });
});

describe("the FHIR Task API: how many", () => {
  it("_count=0 answers the total only, with no Tasks and no reads audited", async () => {
    const auditRows = () => db.select().from(auditEvents).all().length;
    const before = auditRows();
    const { response, body } = await get("/Task?_count=0", nadsKey);
    expect(response.status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.entry).toBeUndefined();
    expect(body.link.map((l: any) => l.relation)).toEqual(["self"]);
    expect(auditRows()).toBe(before);
    expectValid(body);
  });

  it("_count past the most a page holds is capped and says so", async () => {
    const { response, body } = await get("/Task?_count=201", nadsKey);
    expect(response.status).toBe(200);
    const matches = body.entry.filter((e: any) => e.search.mode === "match");
    expect(matches.length).toBe(body.total);
    const warning = body.entry.find((e: any) => e.search.mode === "outcome");
    expect(warning.resource).toMatchObject({
      resourceType: "OperationOutcome",
      issue: [{ severity: "warning", expression: ["_count"] }],
    });
    expect(warning.resource.issue[0].diagnostics).toMatch(/_count=201 .* at most 200/);
    expect(body.link.find((l: any) => l.relation === "self").url).toContain("_count=200");
    expectValid(body);
    const plain = await get("/Task?_count=200", nadsKey);
    expect(plain.body.entry.every((e: any) => e.search.mode === "match")).toBe(true);
  });
});

describe("the FHIR Task API: reporting back", () => {
  it("accepts, books and records attendance with a JSON Patch; the Task comes back valid", async () => {
    // Attendance is recorded at or after the appointment: this one was earlier today.
    const appointmentAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const accepted = await patch(nadsTask, [
      { op: "test", path: "/meta/versionId", value: "1" },
      { op: "replace", path: "/status", value: "accepted" },
    ]);
    expect(accepted.response.status).toBe(200);
    expect(accepted.body.status).toBe("accepted");
    expectValid(accepted.body);

    const attended = await patch(nadsTask, [
      {
        op: "add",
        path: "/output/-",
        value: {
          type: { coding: [{ system: SYSTEMS.outcomeEvent, code: "appointment_booked" }] },
          valueDateTime: appointmentAt,
          extension: [{ url: EXTENSIONS.place, valueString: "14 Harbour Road" }],
        },
      },
      { op: "replace", path: "/status", value: "in-progress" },
    ]);
    expect(attended.response.status).toBe(200);
    expect(attended.response.headers.get("ETag")).toBe('W/"4"');
    expectValid(attended.body);
    expect(attended.body.status).toBe("in-progress");
    expect(attended.body.businessStatus.coding[0].code).toBe("attended");
    expect(attended.body.output.map((o: any) => o.type.coding[0].code)).toEqual([
      "accepted",
      "appointment_booked",
      "attended",
    ]);
    const row = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, nadsTask)).get()!;
    expect(row).toMatchObject({ status: "in-progress", firstAppointmentAt: appointmentAt });

    const ended = await patch(nadsTask, [
      { op: "replace", path: "/status", value: "failed" },
      {
        op: "add",
        path: "/statusReason",
        value: { coding: [{ system: SYSTEMS.endReason, code: "disengaged" }], text: "Stopped coming" },
      },
    ]);
    expect(ended.body).toMatchObject({
      status: "failed",
      statusReason: { coding: [{ code: "disengaged" }], text: "Stopped coming" },
    });
    expectValid(ended.body);
  });

  it("rejecting needs a reason; with one, the Task is rejected and the referrer told", async () => {
    expectOutcome(await patch(nadsTask, [{ op: "replace", path: "/status", value: "rejected" }]), 422, "required");
    const other = { coding: [{ system: SYSTEMS.declineReason, code: "other" }] };
    expectOutcome(
      await patch(nadsTask, [
        { op: "replace", path: "/status", value: "rejected" },
        { op: "add", path: "/statusReason", value: other },
      ]),
      422,
      "required",
    );
    const rejected = await patch(nadsTask, [
      { op: "replace", path: "/status", value: "rejected" },
      { op: "add", path: "/statusReason", value: { coding: [{ system: SYSTEMS.declineReason, code: "no_capacity" }] } },
    ]);
    expect(rejected.body).toMatchObject({
      status: "rejected",
      statusReason: { coding: [{ code: "no_capacity", display: "No capacity" }] },
    });
    expectValid(rejected.body);
  });

  it("an invalid transition is refused with an OperationOutcome and changes nothing", async () => {
    const result = await patch(nadsTask, [
      {
        op: "add",
        path: "/output/-",
        value: { type: { coding: [{ system: SYSTEMS.outcomeEvent, code: "attended" }] } },
      },
    ]);
    expectOutcome(result, 409, "business-rule");
    expect(result.body.issue[0].diagnostics).toMatch(/cannot be recorded while the referral is/);
    expect(result.body.issue[0].expression).toEqual(["Task.output[0]"]);
    expectOutcome(
      await patch(nadsTask, [{ op: "replace", path: "/status", value: "cancelled" }]),
      422,
      "business-rule",
    );
    // A referral waiting for an answer cannot be completed, whatever the reason given.
    expectOutcome(
      await patch(nadsTask, [{ op: "replace", path: "/status", value: "completed" }]),
      409,
      "business-rule",
    );
    expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, nadsTask)).get()!).toMatchObject({
      status: "requested",
      version: 1,
    });
  });

  it("bad JSON, a patch of anything else, a stale version and other methods are refused", async () => {
    expectOutcome(await patch(nadsTask, "{not json"), 400, "structure");
    expectOutcome(await patch(nadsTask, { op: "replace" }), 400, "structure");
    expectOutcome(await patch(nadsTask, [{ op: "replace", path: "/priority", value: "urgent" }]), 422, "not-supported");
    expectOutcome(
      await patch(nadsTask, [{ op: "replace", path: "/status", value: "accepted" }], nadsKey, { "If-Match": 'W/"7"' }),
      412,
      "conflict",
    );
    const put = new Request(`${base}/Task/${nadsTask}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${nadsKey}`, "Content-Type": "application/fhir+json" },
      body: "{}",
    });
    const putResponse = (await taskAction({ request: put, params: { id: nadsTask }, context })) as Response;
    expectOutcome({ response: putResponse, body: await putResponse.json() }, 405, "not-supported");
    const post = new Request(`${base}/Task`, {
      method: "POST",
      headers: { Authorization: `Bearer ${nadsKey}` },
      body: "{}",
    });
    const postResponse = (await searchAction({ request: post, params: {}, context })) as Response;
    expect(postResponse.status).toBe(405);
  });
});

describe("the validator itself", () => {
  it("rejects what is not FHIR R4, so a pass means something", () => {
    expect(fhirIssues({ resourceType: "Task", status: "requested" })).not.toEqual([]);
    expect(
      fhirIssues({ resourceType: "Task", status: "requested", intent: "order", authoredOn: "yesterday" }),
    ).not.toEqual([]);
    expect(fhirIssues({ resourceType: "Task", status: "requested", intent: "order", colour: "blue" })).not.toEqual([]);
  });
});
