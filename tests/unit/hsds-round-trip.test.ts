import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { services } from "#db/schema";
import { applyImport, exportDirectory, loadDirectorySnapshot, previewImport } from "~/domain/directory-import.server";
import { findServiceForAdmin, updateService } from "~/domain/directory.server";
import { CAPACITY_CODE, hsdsId } from "~/domain/hsds";
import { createDemoWorldDb } from "../support/test-db";

const standards = path.resolve(__dirname, "../fixtures/hsds-3.0");
const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };
type Db = ReturnType<typeof createDemoWorldDb>;
type HsdsPage = ReturnType<typeof exportDirectory>;
type HsdsService = HsdsPage["contents"][number];

function plan(db: Db, file: string) {
  const result = previewImport(db, file);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.plan;
}

function importFile(db: Db, file: string) {
  const planned = plan(db, file);
  applyImport(db, admin, file, planned.fingerprint);
  return planned;
}

const serviceNamed = (page: HsdsPage, name: string) => page.contents.find((s) => s.name === name)!;
const addressOf = (service: HsdsService) => service.service_at_locations[0]?.location.addresses[0];

function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of fs.readdirSync(path.join(standards, "schema")))
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(standards, "schema", file), "utf8")), file);
  return ajv;
}

describe("HSDS 3.0 round trip", () => {
  it("every field of the official example comes back out, or the preview says it is not kept", () => {
    const db = createDemoWorldDb();
    const text = fs.readFileSync(path.join(standards, "examples", "base.json"), "utf8");
    const example = JSON.parse(text) as Record<string, unknown>;
    const planned = importFile(db, text);
    const exported = exportDirectory(db) as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(example)) {
      if (exported[field] === value) continue;
      expect(planned.warnings.join("\n"), `${field} is neither exported nor named as not kept`).toMatch(
        new RegExp(`\\b${field}\\b.*not kept`),
      );
    }
    expect(Object.keys(example).length).toBeGreaterThan(1);
  });

  it("keeps every service field HSDS has a place for: alternate name, fees, how to apply, interpreting, ages, address parts, capacity", () => {
    const db = createDemoWorldDb();
    const page = exportDirectory(db);
    const service = serviceNamed(page, "Northfirth Drug and Alcohol Treatment");
    const filled = {
      alternate_name: "NADS",
      fees_description: "Free at the point of use",
      application_process: "Self-referral by phone, or through an arrest referral worker",
      interpretation_services: "Telephone interpreting in any language; BSL by appointment",
      minimum_age: 16,
      maximum_age: 99,
    };
    Object.assign(service, filled, {
      languages: [{ id: hsdsId("language", "x"), service_id: service.id, name: "Polish", code: "pl" }],
    });
    const address = addressOf(service)!;
    Object.assign(address, {
      address_1: "Unit 3, Harbour Works",
      address_2: "14 Harbour Road",
      city: "Northfirth",
      state_province: "Firthshire",
      postal_code: "NF1 2AB",
    });
    const capacity = service.attributes.find((a) => a.taxonomy_term.code === CAPACITY_CODE)!;
    capacity.value = "75";

    const planned = importFile(db, JSON.stringify(page));
    const changes = planned.services.find((s) => s.name === service.name)!.changes.map((c) => c.field);
    expect(changes).toEqual(
      expect.arrayContaining([
        "Other name",
        "Fees",
        "How to apply",
        "Interpreting",
        "Minimum age",
        "Maximum age",
        "Address line 1",
        "Address line 2",
        "Region",
        "Referrals a month",
      ]),
    );
    expect(planned.warnings.join("\n")).toMatch(
      /Northfirth Drug and Alcohol Treatment.*no place for languages, so it is not kept/,
    );

    const again = exportDirectory(db);
    const out = serviceNamed(again, service.name);
    expect(out).toMatchObject(filled);
    expect(addressOf(out)).toMatchObject({
      address_1: "Unit 3, Harbour Works",
      address_2: "14 Harbour Road",
      city: "Northfirth",
      state_province: "Firthshire",
      postal_code: "NF1 2AB",
    });
    expect(out.attributes.find((a) => a.taxonomy_term.code === CAPACITY_CODE)?.value).toBe("75");
    expect(
      db.select({ address: services.address }).from(services).where(eq(services.id, "svc-nads-treatment")).get()!
        .address,
    ).toBe("Unit 3, Harbour Works, 14 Harbour Road, Northfirth");
    const ajv = validator();
    expect(ajv.validate("service.json", out), JSON.stringify(ajv.errors)).toBe(true);

    // And the export read back changes nothing.
    const before = loadDirectorySnapshot(db);
    expect(plan(db, JSON.stringify(again)).services.filter((s) => s.action !== "unchanged")).toEqual([]);
    expect(loadDirectorySnapshot(db)).toEqual(before);
  });

  it("publishes each service's monthly capacity", () => {
    const db = createDemoWorldDb();
    const rows = db.select({ id: services.id, capacity: services.capacityPerMonth }).from(services).all();
    const page = exportDirectory(db);
    for (const row of rows) {
      const out = page.contents.find((s) => s.id === hsdsId("service", row.id))!;
      const attribute = out.attributes.find((a) => a.taxonomy_term.code === CAPACITY_CODE);
      expect(attribute?.value ?? null).toBe(row.capacity === null ? null : String(row.capacity));
    }
    expect(rows.some((r) => r.capacity !== null)).toBe(true);
  });

  it("exports the town as the town: never the text after the last comma", () => {
    const db = createDemoWorldDb();
    const page = exportDirectory(db);
    const cities = page.contents.map((s) => addressOf(s)?.city ?? "");
    expect(cities.filter((c) => /\)|Street|Road/.test(c))).toEqual([]);
    expect(addressOf(page.contents.find((s) => s.id === hsdsId("service", "svc-westmuir-cmht"))!)).toMatchObject({
      address_1: "Westmuir Health Centre, Kirk Street",
      city: "Westmuir",
    });
    const outreach = page.contents.find((s) => addressOf(s)?.address_1.includes("Ardlachan harbour"));
    expect(addressOf(outreach!)).toMatchObject({
      address_1: "Westmuir bus station (Tue, Thu), Ardlachan harbour (Wed, Sat)",
      city: "",
    });
  });

  it("an address an administrator types on one line is kept whole as its first line; other edits keep the parts", () => {
    const db = createDemoWorldDb();
    const { service, areaIds } = findServiceForAdmin(db, "svc-money-advice")!;
    const input = { ...service, areaIds, isVerifiedNow: false };
    updateService(db, admin, service.id, service.version, { ...input, hours: "Mon–Fri 9:00–17:00" });
    const exportedAddress = () =>
      addressOf(exportDirectory(db).contents.find((s) => s.id === hsdsId("service", "svc-money-advice"))!);
    expect(exportedAddress()).toMatchObject({ address_1: "3 Bank Street", city: "Northfirth" });
    updateService(db, admin, service.id, service.version + 1, {
      ...input,
      address: "Room 2, The Exchange, Northfirth",
    });
    expect(exportedAddress()).toMatchObject({ address_1: "Room 2, The Exchange, Northfirth", city: "" });
  });
});
