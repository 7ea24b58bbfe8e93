// The throughput pages' server side keeps a custody officer to their force's centres: the page,
// saving a month, importing a file and the template. An administrator keeps every centre.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { custodyThroughput } from "#db/schema";
import type { Actor } from "~/domain/permissions";
import {
  importThroughputFile,
  saveThroughputEntry,
  throughputEntryPage,
  throughputTemplate,
} from "~/server/throughput-pages.server";
import { parseCsv } from "~/utils/csv-read.server";
import { createDemoWorldDb } from "../support/test-db";
import { seedDemoThroughput } from "#seed/demo-throughput";

const NOW = new Date("2026-11-23T09:00:00Z");
const links = { serviceIds: new Set<string>(), areaIds: new Set<string>(), fundsAllAreas: false };
// A force running three of the six demo centres.
const officer: Actor = {
  userId: "user-custody",
  role: "custody_officer",
  organisationId: "org-police",
  centreIds: new Set(["cc-northfirth", "cc-kelmoor", "cc-port-aird"]),
  ...links,
};
const admin: Actor = {
  userId: "user-admin",
  role: "administrator",
  organisationId: "org-operator",
  centreIds: new Set(),
  ...links,
};
const keeper = (actor: Actor) => ({
  actor,
  audit: { userId: actor.userId, organisationId: actor.organisationId, ipAddress: "127.0.0.1" },
});

let db: Db;
beforeEach(() => {
  db = createDemoWorldDb();
  globalThis.__pathwayDb = db;
});

function post(fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return new Request("http://localhost/custody/throughput", { method: "POST", body });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("Expected a thrown response");
}

describe("the throughput page", () => {
  it("shows a custody officer only their force's centres and figures", () => {
    seedDemoThroughput(db, NOW);
    const page = throughputEntryPage(new Request("http://localhost/custody/throughput"), officer, NOW);
    expect(page.centres.map((c) => c.code)).toEqual(["KMC", "NFC", "PAD"]);
    expect(page.months).toHaveLength(12);
    expect(page.held).toHaveLength(3 * 12);
    expect(page.held.every((h) => officer.centreIds.has(h.key.split("|")[0]))).toBe(true);
  });

  it("does not fill the form with another force's figures", () => {
    seedDemoThroughput(db, NOW);
    const other = throughputEntryPage(
      new Request("http://localhost/custody/throughput?centre=cc-westmuir&month=2026-10"),
      officer,
      NOW,
    );
    expect(other.values.detentions).toBe("");
    const own = throughputEntryPage(
      new Request("http://localhost/custody/throughput?centre=cc-kelmoor&month=2026-10"),
      officer,
      NOW,
    );
    expect(own.values.detentions).not.toBe("");
  });

  it("shows an administrator every centre", () => {
    expect(throughputEntryPage(new Request("http://localhost/admin/throughput"), admin, NOW).centres).toHaveLength(6);
  });
});

describe("saving a month", () => {
  it("saves a custody officer's month for their own centre and says so", async () => {
    const response = await thrown(
      saveThroughputEntry(
        post({ custodyCentreId: "cc-kelmoor", month: "2025-01", detentions: "210" }),
        keeper(officer),
        "/custody/throughput",
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      "/custody/throughput?saved=cc-kelmoor&savedMonth=2025-01&replaced=0#saved",
    );
    expect(db.select().from(custodyThroughput).all()).toMatchObject([
      { custodyCentreId: "cc-kelmoor", month: "2025-01", detentions: 210 },
    ]);
  });

  it("refuses another force's centre with 404, even with the form's other mistakes, and saves nothing", async () => {
    for (const fields of [
      { custodyCentreId: "cc-westmuir", month: "2025-01", detentions: "210" },
      { custodyCentreId: "cc-westmuir", month: "", detentions: "" },
      { custodyCentreId: "no-such-centre", month: "2025-01", detentions: "210" },
    ]) {
      expect((await thrown(saveThroughputEntry(post(fields), keeper(officer), "/custody/throughput"))).status).toBe(
        404,
      );
    }
    expect(db.select().from(custodyThroughput).all()).toEqual([]);
  });

  it("lets an administrator save any centre, and asks again for a centre that does not exist", async () => {
    const saved = await thrown(
      saveThroughputEntry(
        post({ custodyCentreId: "cc-westmuir", month: "2025-01", detentions: "300" }),
        keeper(admin),
        "/admin/throughput",
      ),
    );
    expect(saved.headers.get("Location")).toMatch(/^\/admin\/throughput\?saved=cc-westmuir&/);
    const unknown = await saveThroughputEntry(
      post({ custodyCentreId: "no-such-centre", month: "2025-01", detentions: "300" }),
      keeper(admin),
      "/admin/throughput",
    );
    expect(unknown).toMatchObject({
      data: { errors: { custodyCentreId: "Choose the custody centre" } },
      init: { status: 400 },
    });
  });
});

describe("importing a file and the template", () => {
  function upload(text: string) {
    const body = new FormData();
    body.set("file", new File([text], "figures.csv", { type: "text/csv" }));
    return new Request("http://localhost/custody/throughput/import", { method: "POST", body });
  }

  it("lists a row for another force's centre as a problem and imports nothing", async () => {
    const result = await importThroughputFile(
      upload("centre_code,month,detentions\nNFC,2025-01,400\nWMC,2025-01,300\n"),
      keeper(officer),
    );
    expect(result).toMatchObject({
      data: {
        outcome: "problems",
        problems: [
          {
            row: 3,
            column: "centre_code",
            problem: "Westmuir Custody Centre (WMC) is not one of your centres: enter figures only for your own.",
          },
        ],
      },
      init: { status: 422 },
    });
    expect(db.select().from(custodyThroughput).all()).toEqual([]);
  });

  it("imports the same file for an administrator", async () => {
    const result = await importThroughputFile(
      upload("centre_code,month,detentions\nNFC,2025-01,400\nWMC,2025-01,300\n"),
      keeper(admin),
    );
    expect(result).toMatchObject({ data: { outcome: "imported", result: { imported: 2 } } });
  });

  it("gives a custody officer a template of their own centres", async () => {
    const text = await throughputTemplate(officer).text();
    const read = parseCsv(text);
    expect(
      read.ok &&
        read.rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
    ).toEqual(["KMC", "NFC", "PAD"]);
    expect((await throughputTemplate(admin).text()).trim().split("\r\n")).toHaveLength(1 + 6);
  });
});
