import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, organisations, serviceAreas, services, uploads } from "#db/schema";
import { applyImport, exportDirectory, loadDirectorySnapshot, previewImport } from "~/domain/directory-import.server";
import { DomainError } from "~/domain/errors";
import { hsdsId } from "~/domain/hsds";
import { parseHsds } from "~/domain/hsds-import";
import { createDemoWorldDb } from "../support/test-db";

const standards = path.resolve(__dirname, "../fixtures/hsds-3.0");
const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

function hsdsValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of fs.readdirSync(path.join(standards, "schema"))) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(standards, "schema", file), "utf8")), file);
  }
  return ajv;
}

function plan(db: ReturnType<typeof createDemoWorldDb>, file: string) {
  const result = previewImport(db, file);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.plan;
}

type HsdsPage = ReturnType<typeof exportDirectory>;
const edit = (document: HsdsPage, change: (doc: HsdsPage) => void) => {
  const copy = structuredClone(document);
  change(copy);
  return JSON.stringify(copy);
};

describe("exporting the directory as HSDS 3.0", () => {
  it("validates against the specification's JSON Schemas", () => {
    const db = createDemoWorldDb();
    const document = exportDirectory(db);
    expect(document.contents).toHaveLength(12);
    const ajv = hsdsValidator();
    for (const service of document.contents) {
      const isValid = ajv.validate("service.json", service);
      expect(ajv.errors ?? [], service.name).toEqual([]);
      expect(isValid).toBe(true);
      expect(ajv.validate("organization.json", service.organization), JSON.stringify(ajv.errors)).toBe(true);
    }
  });

  it("uses the spec's field names and stable UUIDs", () => {
    const db = createDemoWorldDb();
    const first = exportDirectory(db);
    const treatment = first.contents.find((s) => s.name === "Northfirth Drug and Alcohol Treatment")!;
    expect(treatment.id).toBe(hsdsId("service", "svc-nads-treatment"));
    expect(treatment.status).toBe("active");
    expect(treatment.phones[0].number).toBe("01632 960101");
    expect(treatment.service_areas.map((a) => a.name)).toEqual(["Kelmoor Council", "Northfirth Council"]);
    expect(treatment.service_at_locations[0].location.addresses[0]).toMatchObject({
      address_1: "14 Harbour Road",
      city: "Northfirth",
      postal_code: "NF1 2AB",
    });
    expect(treatment.organization.name).toBe("Northfirth Alcohol and Drug Service");
    expect(exportDirectory(db)).toEqual(first);
  });
});

describe("importing HSDS 3.0", () => {
  it("round-trips: importing Pathway's own export changes nothing", () => {
    const db = createDemoWorldDb();
    const before = loadDirectorySnapshot(db);
    const file = JSON.stringify(exportDirectory(db));
    const planned = plan(db, file);
    expect(planned.services.filter((s) => s.action !== "unchanged").map((s) => [s.name, s.changes])).toEqual([]);
    expect(planned.organisations.filter((o) => o.action !== "unchanged")).toEqual([]);
    const counts = applyImport(db, admin, file, planned.fingerprint);
    expect(counts).toMatchObject({
      servicesCreated: 0,
      servicesUpdated: 0,
      organisationsCreated: 0,
      organisationsUpdated: 0,
    });
    expect(loadDirectorySnapshot(db)).toEqual(before);
  });

  it("the specification's official example imports", () => {
    const db = createDemoWorldDb();
    const example = fs.readFileSync(path.join(standards, "examples", "base.json"), "utf8");
    const planned = plan(db, example);
    expect(planned.services).toEqual([]);
    applyImport(db, admin, example, planned.fingerprint);
    expect(db.select().from(uploads).all()).toHaveLength(1);
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["directory.import"]);
  });

  it("previews each changed field, then applies exactly that", () => {
    const db = createDemoWorldDb();
    const exported = exportDirectory(db);
    const file = edit(exported, (doc) => {
      const housing = doc.contents.find((s) => s.name === "Harbour Housing Advice")!;
      housing.status = "temporarily closed";
      housing.wait_time = "3 weeks";
      housing.service_areas = housing.service_areas.filter((a) => a.name !== "Ardlachan Council");
    });
    const planned = plan(db, file);
    const housing = planned.services.find((s) => s.name === "Harbour Housing Advice")!;
    expect(housing.action).toBe("update");
    expect(housing.changes).toEqual([
      {
        field: "Areas served",
        from: "Ardlachan Council, Kelmoor Council, Northfirth Council, Westmuir Council",
        to: "Kelmoor Council, Northfirth Council, Westmuir Council",
      },
      { field: "Taking referrals", from: "Yes", to: "No" },
      { field: "Typical wait", from: "5 days", to: "21 days" },
    ]);
    expect(planned.services.filter((s) => s.action === "update")).toHaveLength(1);

    applyImport(db, admin, file, planned.fingerprint);
    const saved = db.select().from(services).where(eq(services.id, "svc-harbour-housing")).get()!;
    expect(saved).toMatchObject({ isTakingReferrals: false, typicalWaitDays: 21, version: 2 });
    expect(db.select().from(serviceAreas).where(eq(serviceAreas.serviceId, "svc-harbour-housing")).all()).toHaveLength(
      3,
    );
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["service.update", "directory.import"]);
  });

  it("creates a new organisation and service from the file, and a second import of it changes nothing", () => {
    const db = createDemoWorldDb();
    const file = JSON.stringify({
      version: "3.0",
      contents: [
        {
          id: "0b6f5e34-1f5a-4c6e-9a11-2b1f3c4d5e6f",
          name: "Kelmoor Women's Recovery Group",
          status: "active",
          description: "Peer recovery group for women.",
          email: "hello@kwrg.example",
          wait_time: "7",
          organization: { id: "5a0c3f1e-7d2b-4e8a-b6c9-0d1e2f3a4b5c", name: "Kelmoor Women's Aid", description: "" },
          service_areas: [{ id: "8f7e6d5c-4b3a-4291-8e7f-6a5b4c3d2e1f", name: "Kelmoor Council" }],
          attributes: [
            {
              id: "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d",
              taxonomy_term: {
                id: "2b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e",
                code: "drug_alcohol_treatment",
                name: "Drug and alcohol treatment",
                description: "",
              },
            },
          ],
        },
      ],
    });
    const planned = plan(db, file);
    expect(planned.organisations.map((o) => o.action)).toEqual(["create"]);
    expect(planned.services.map((s) => s.action)).toEqual(["create"]);
    applyImport(db, admin, file, planned.fingerprint);
    const created = db.select().from(services).where(eq(services.id, "0b6f5e34-1f5a-4c6e-9a11-2b1f3c4d5e6f")).get()!;
    expect(created).toMatchObject({
      name: "Kelmoor Women's Recovery Group",
      kind: "drug_alcohol_treatment",
      typicalWaitDays: 7,
      email: "hello@kwrg.example",
    });
    expect(db.select().from(organisations).where(eq(organisations.name, "Kelmoor Women's Aid")).get()?.kind).toBe(
      "service_provider",
    );

    const again = plan(db, file);
    expect([...again.organisations, ...again.services].map((x) => x.action)).toEqual(["unchanged", "unchanged"]);
  });

  it.each([
    ["not JSON", "{ this is not json", /not valid JSON/],
    ["JSON that is not HSDS", JSON.stringify({ hello: "world" }), /not HSDS/],
    ["another HSDS version", JSON.stringify({ version: "2.0", contents: [] }), /version 2.0/],
    [
      "a service with no status",
      JSON.stringify([
        {
          id: "0b6f5e34-1f5a-4c6e-9a11-2b1f3c4d5e6f",
          name: "X",
          organization_id: "5a0c3f1e-7d2b-4e8a-b6c9-0d1e2f3a4b5c",
        },
      ]),
      /status is missing/,
    ],
    [
      "a service id that is not a UUID",
      JSON.stringify([{ id: "svc-1", name: "X", status: "active" }]),
      /id must be a UUID/,
    ],
    [
      "an organization without a name",
      JSON.stringify([
        {
          id: "0b6f5e34-1f5a-4c6e-9a11-2b1f3c4d5e6f",
          name: "X",
          status: "active",
          organization: { id: "5a0c3f1e-7d2b-4e8a-b6c9-0d1e2f3a4b5c", description: "" },
          service_areas: [{ name: "Kelmoor Council" }],
        },
      ]),
      /organization\.name is missing/,
    ],
  ])("refuses %s with a clear message", (_story, file, message) => {
    const db = createDemoWorldDb();
    const result = previewImport(db, file);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join("\n")).toMatch(message);
  });

  it("refuses a service with no areas or an area Pathway does not know, and writes nothing at all", () => {
    const db = createDemoWorldDb();
    const exported = exportDirectory(db);
    const before = loadDirectorySnapshot(db);
    const file = edit(exported, (doc) => {
      doc.contents[0].description = "Changed, but must not be saved";
      doc.contents[1].service_areas = [];
      doc.contents[2].service_areas = [{ ...doc.contents[2].service_areas[0], name: "Atlantis", uri: "urn:nowhere" }];
    });
    const result = previewImport(db, file);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/service_areas is empty/);
    expect(problems[1]).toMatch(/“Atlantis” is not an area Pathway knows/);
    expect(() => applyImport(db, admin, file, "anything")).toThrow(DomainError);
    expect(loadDirectorySnapshot(db)).toEqual(before);
    expect(db.select().from(auditEvents).all()).toEqual([]);
  });

  it("applies nothing if the directory changed after the preview", () => {
    const db = createDemoWorldDb();
    const file = edit(exportDirectory(db), (doc) => {
      doc.contents[0].description = "New words";
    });
    const planned = plan(db, file);
    db.update(services)
      .set({ description: "Someone else's edit" })
      .where(eq(services.id, planned.services.find((s) => s.action === "update")!.pathwayId))
      .run();
    expect(() => applyImport(db, admin, file, planned.fingerprint)).toThrow(/changed after the preview/);
  });

  it("reads the spec's other shapes: a bare list, and wait times in weeks", () => {
    const parsed = parseHsds(
      JSON.stringify([
        {
          id: "0b6f5e34-1f5a-4c6e-9a11-2b1f3c4d5e6f",
          name: "A",
          status: "inactive",
          wait_time: "2 weeks",
          organization_id: "5a0c3f1e-7d2b-4e8a-b6c9-0d1e2f3a4b5c",
          service_areas: [{ name: "x" }],
        },
      ]),
    );
    expect(parsed.ok && parsed.services[0]).toMatchObject({ isTakingReferrals: false, typicalWaitDays: 14 });
  });
});
