// The public self-referral page (/h/<code>, /help): translations complete in every language, a
// self-referral landing in the answering provider's queue, the honeypot and the rate limits
// writing nothing, and page opens counted per campaign and day.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  doNotContact,
  campaignPageOpens,
  campaigns,
  consents,
  people,
  providerAreas,
  publicFormAttempts,
  settings,
} from "#db/schema";
import { hasOptedOut } from "~/domain/campaign-sending.server";
import { findLikelyMatches } from "~/domain/people.server";
import { PUBLIC_FORM_LIMITS } from "~/domain/public-form-limits.server";
import { listQueue } from "~/domain/queue.server";
import { LANGUAGES, pageText } from "~/domain/self-referral-text";
import { DEFAULT_PROVIDER_SETTING } from "~/domain/self-referrals.server";
import * as campaignRoute from "~/routes/h.$code";
import * as helpRoute from "~/routes/help";
import { uniqueName } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

let db: Db;
let code: string;
let campaignId: string;
let sequence = 0;

/** A live campaign of the demo force, answered by Firth Recovery. */
function makeCampaign(db: Db, { providerOrganisationId = "org-firth-recovery", status = "sending" } = {}) {
  sequence += 1;
  const id = `campaign-${sequence}-${Date.now()}`;
  const campaignCode = `T${sequence}${Date.now().toString(36).toUpperCase().slice(-5)}`;
  db.insert(campaigns)
    .values({
      id,
      name: `Operation ${uniqueName("Test")}`,
      code: campaignCode,
      policeOrganisationId: "org-police",
      providerOrganisationId,
      commissionerOrganisationId: "org-nk-adp",
      status: status as never,
      createdByUserId: "user-custody",
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    } as never)
    .run();
  return { id, code: campaignCode };
}

/** Everything in the database, as a fingerprint: a refused request must not change it. */
function fingerprint(db: Db): string {
  const hash = createHash("sha256");
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name).update(
      (db.$client.prepare(`SELECT * FROM "${name}"`).all() as unknown[])
        .map((r) => JSON.stringify(r))
        .sort()
        .join("\n"),
    );
  }
  return hash.digest("hex");
}

type Answer = { status: number; body: Record<string, unknown> };

async function post(
  route: typeof campaignRoute | typeof helpRoute,
  path: string,
  fields: Record<string, string | string[]>,
  clientAddress = "203.0.113.7",
): Promise<Answer> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const params = { code: path.split("/")[2]?.split("?")[0] ?? "" };
  const result = (await route.action({ request, params, context: { clientAddress, cspNonce: "" } } as never)) as {
    data: Record<string, unknown>;
    init: ResponseInit | null;
  };
  return { status: result.init?.status ?? 200, body: result.data };
}

async function get(route: typeof campaignRoute | typeof helpRoute, path: string): Promise<Answer> {
  const request = new Request(`http://localhost${path}`);
  const params = { code: path.split("/")[2]?.split("?")[0] ?? "" };
  const result = (await route.loader({
    request,
    params,
    context: { clientAddress: "203.0.113.7", cspNonce: "" },
  } as never)) as {
    data: Record<string, unknown>;
    init: ResponseInit | null;
  };
  return { status: result.init?.status ?? 200, body: result.data };
}

const form = (overrides: Record<string, string | string[]> = {}) => ({
  intent: "refer",
  name: uniqueName("Sam"),
  contactBy: "phone",
  phone: "07700 900123",
  mayLeaveMessage: "yes",
  contactTimes: ["evening", "weekend"],
  needs: ["alcohol", "housing"],
  otherNeeds: "I would like to talk to someone.",
  consent: "yes",
  ...overrides,
});

beforeAll(() => {
  db = createDemoWorldDb();
  globalThis.__pathwayDb = db;
  ({ id: campaignId, code } = makeCampaign(db));
});

afterAll(() => {
  globalThis.__pathwayDb = undefined;
});

beforeEach(() => {
  db.delete(publicFormAttempts).run();
});

describe("the page's words", () => {
  it("every language gives every text, with the same placeholders as English", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const language of LANGUAGES) {
      const text = pageText[language];
      for (const [key, english] of Object.entries(pageText.en)) {
        const translated = (text as Record<string, unknown>)[key];
        expect(translated, `${language}.${key}`).toBeTruthy();
        if (typeof english === "string")
          expect(placeholders(translated as string), `${language}.${key}`).toEqual(placeholders(english));
        else
          expect(Object.keys(translated as object).sort(), `${language}.${key}`).toEqual(Object.keys(english).sort());
      }
    }
  });
});

describe("a self-referral from a campaign link", () => {
  it("lands in the partner provider's queue as a self-referral from the campaign, under an alias", async () => {
    const name = uniqueName("Alex");
    const answer = await post(campaignRoute, `/h/${code}?lang=pl`, form({ name }));
    expect(answer.status).toBe(200);
    expect(answer.body.kind).toBe("sent");

    const person = db.select().from(people).where(eq(people.givenName, name)).get()!;
    expect(person.nameIsAlias).toBe(true);
    expect(person.phone).toBe("+447700900123");
    const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.personId, person.id)).get()!;
    expect(referral).toMatchObject({
      source: "self_referral",
      campaignId,
      providerOrganisationId: "org-firth-recovery",
      custodyCentreId: null,
      state: "follow_up",
    });
    const consent = db.select().from(consents).where(eq(consents.arrestReferralId, referral.id)).get()!;
    expect(consent).toMatchObject({ scope: "self_referral", method: "online", wordingId: "cw-self-referral-1" });
    expect(consent.contactMethod).toContain("evenings");

    const queueOf = (userId: string, organisationId: string) =>
      listQueue(db, {
        centreIds: [],
        providerOrganisationId: organisationId,
        workerId: userId,
        filter: "follow_up",
      }).rows.map((row) => row.id);
    expect(queueOf("user-worker", "org-firth-recovery")).toContain(referral.id);
    expect(queueOf("user-worker-west", "org-new-leaf")).not.toContain(referral.id);
  });

  it("is never offered as a likely match for someone in custody", async () => {
    const name = uniqueName("Robin");
    await post(campaignRoute, `/h/${code}`, form({ name }));
    const person = db.select().from(people).where(eq(people.givenName, name)).get()!;
    // Even with the same (empty) family name and date of birth the alias has.
    expect(
      findLikelyMatches(db, { givenName: name, familyName: "", dateOfBirth: "" } as never).map((m) => m.personId),
    ).not.toContain(person.id);
  });

  it("re-shows the form, in the page's language, when something is missing, and writes nothing", async () => {
    const before = fingerprint(db);
    const answer = await post(campaignRoute, `/h/${code}?lang=ar`, form({ name: "", consent: [], phone: "12" }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toMatchObject({ name: "errorName", consent: "errorConsent", phone: "errorPhone" });
    expect(fingerprint(db)).toBe(before);
  });

  it("with the honeypot filled answers as if sent and writes nothing", async () => {
    const before = fingerprint(db);
    const answer = await post(campaignRoute, `/h/${code}`, form({ website: "https://spam.example" }));
    expect(answer.status).toBe(200);
    expect(answer.body.kind).toBe("sent");
    expect(fingerprint(db)).toBe(before);
  });

  it("answers 429 over the limit per address, and stores nothing of the refused request", async () => {
    const address = "198.51.100.23";
    for (let i = 0; i < PUBLIC_FORM_LIMITS.perAddress; i++) {
      expect((await post(campaignRoute, `/h/${code}`, form(), address)).status).toBe(200);
    }
    const rowsBefore = {
      attempts: db.select().from(publicFormAttempts).all().length,
      referrals: db.select().from(arrestReferrals).all().length,
      people: db.select().from(people).all().length,
    };
    const before = fingerprint(db);
    const refused = await post(campaignRoute, `/h/${code}`, form(), address);
    expect(refused.status).toBe(429);
    expect(refused.body.kind).toBe("too-many");
    expect(fingerprint(db)).toBe(before);
    expect({
      attempts: db.select().from(publicFormAttempts).all().length,
      referrals: db.select().from(arrestReferrals).all().length,
      people: db.select().from(people).all().length,
    }).toEqual(rowsBefore);
    // Another address is not held back, and the address itself is not stored.
    expect((await post(campaignRoute, `/h/${code}`, form(), "198.51.100.24")).status).toBe(200);
    expect(JSON.stringify(db.select().from(publicFormAttempts).all())).not.toContain("198.51.100");
  });

  it("answers 429 over the limit per code, whatever the address", async () => {
    const other = makeCampaign(db);
    const now = Date.now();
    db.insert(publicFormAttempts)
      .values(Array.from({ length: PUBLIC_FORM_LIMITS.perCode }, () => ({ bucket: `code:${other.code}`, at: now })))
      .run();
    const before = fingerprint(db);
    expect((await post(campaignRoute, `/h/${other.code}`, form(), "192.0.2.99")).status).toBe(429);
    expect(fingerprint(db)).toBe(before);
  });
});

describe("stop messages (campaign links only)", () => {
  it("keeps the number only as a keyed hash, and leaves it out of later campaigns", async () => {
    const answer = await post(campaignRoute, `/h/${code}?lang=pl`, { intent: "stop", stopPhone: "07700 900555" });
    expect(answer.status).toBe(200);
    expect(answer.body.kind).toBe("stopped");
    expect(hasOptedOut(db, "+447700900555")).toBe(true);
    expect(hasOptedOut(db, "+447700900556")).toBe(false);
    const stored = JSON.stringify(db.select().from(doNotContact).all());
    expect(stored).not.toContain("900555");
    expect(db.select().from(doNotContact).where(eq(doNotContact.campaignId, campaignId)).all()).toHaveLength(1);
  });

  it("a number that cannot be one is refused, and nothing is written", async () => {
    const before = fingerprint(db);
    const answer = await post(campaignRoute, `/h/${code}`, { intent: "stop", stopPhone: "12" });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ kind: "stop-error", error: "stopNotFound" });
    expect(fingerprint(db)).toBe(before);
  });
});

describe("opening the page", () => {
  it("counts an opening per campaign and day, and nothing else", async () => {
    const { id, code: c } = makeCampaign(db);
    await get(campaignRoute, `/h/${c}`);
    await get(campaignRoute, `/h/${c.toLowerCase()}?lang=pl`);
    const rows = db.select().from(campaignPageOpens).where(eq(campaignPageOpens.campaignId, id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].opens).toBe(2);
    expect(Object.keys(rows[0]).sort()).toEqual(["campaignId", "day", "opens"]);
  });

  it("an unknown or not yet approved code answers 404 with a page that still offers help", async () => {
    const draft = makeCampaign(db, { status: "draft" });
    for (const unknown of ["NOPE99", draft.code, "<script>"]) {
      const answer = await get(campaignRoute, `/h/${encodeURIComponent(unknown)}`);
      expect(answer.status, unknown).toBe(404);
      expect(answer.body.notFound).toBe(true);
    }
    expect(db.select().from(campaignPageOpens).where(eq(campaignPageOpens.campaignId, draft.id)).all()).toEqual([]);
  });

  it("sets the language and its direction", async () => {
    expect((await get(campaignRoute, `/h/${code}?lang=ar`)).body.language).toMatchObject({ lang: "ar", dir: "rtl" });
    expect((await get(campaignRoute, `/h/${code}?lang=pl`)).body.language).toMatchObject({ lang: "pl", dir: "ltr" });
    expect((await get(campaignRoute, `/h/${code}?lang=xx`)).body.language).toMatchObject({ lang: "en-GB", dir: "ltr" });
  });
});

describe("a self-referral without a campaign (/help)", () => {
  it("goes to the provider covering the area chosen, else to the default provider", async () => {
    const covered = db.select().from(providerAreas).where(eq(providerAreas.organisationId, "org-new-leaf")).all();
    const onlyNewLeaf = covered.find(
      (a) => db.select().from(providerAreas).where(eq(providerAreas.areaId, a.areaId)).all().length === 1,
    )!;
    const nameA = uniqueName("Jo");
    await post(helpRoute, "/help", form({ name: nameA, areaId: onlyNewLeaf.areaId }));
    const a = db
      .select({
        provider: arrestReferrals.providerOrganisationId,
        campaignId: arrestReferrals.campaignId,
        areaId: arrestReferrals.areaId,
      })
      .from(arrestReferrals)
      .innerJoin(people, eq(people.id, arrestReferrals.personId))
      .where(eq(people.givenName, nameA))
      .get();
    expect(a).toEqual({ provider: "org-new-leaf", campaignId: null, areaId: onlyNewLeaf.areaId });

    db.insert(settings)
      .values({ key: DEFAULT_PROVIDER_SETTING, value: "org-firth-recovery" })
      .onConflictDoUpdate({ target: settings.key, set: { value: "org-firth-recovery" } })
      .run();
    const nameB = uniqueName("Kit");
    await post(helpRoute, "/help", form({ name: nameB, areaId: "not-an-area" }));
    const b = db
      .select({ provider: arrestReferrals.providerOrganisationId, areaId: arrestReferrals.areaId })
      .from(arrestReferrals)
      .innerJoin(people, eq(people.id, arrestReferrals.personId))
      .where(eq(people.givenName, nameB))
      .get();
    expect(b).toEqual({ provider: "org-firth-recovery", areaId: null });
  });

  it("has no stop-messages form: that needs a campaign", async () => {
    const before = fingerprint(db);
    const answer = await post(helpRoute, "/help", { intent: "stop", stopPhone: "07700900123" });
    expect(answer.status).toBe(404);
    expect(fingerprint(db)).toBe(before);
  });
});
