// The worker queue's refresh: a per-provider version bumped in the same transaction as every
// write that changes what the queue shows, so that "anything changed since version V?" is one
// read of the version, not the queue; and the queue shown 25 at a time.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { arrestReferrals, people, providerCentres, users } from "#db/schema";
import { answersSchema } from "~/domain/assessments";
import { completeAssessment, saveAssessmentDraft } from "~/domain/assessments.server";
import { cancelReferral, recordRelease } from "~/domain/custody.server";
import { listQueue, queueVersion } from "~/domain/queue.server";
import { claimReferral, closeReferral, releaseClaim, reopenReferral } from "~/domain/referrals.server";
import { anonymisePerson } from "~/domain/retention.server";
import { loader as queueLoader } from "~/routes/worker.queue";
import { loader as changesLoader } from "~/routes/worker.queue_.changes";
import { signInCookie } from "~/server/auth.server";
import { makeReferral, uniqueName } from "../support/factories";
import { countStatements } from "../support/statement-count";
import { createDemoWorldDb } from "../support/test-db";

const FIRTH = "org-firth-recovery"; // covers Northfirth
const NEW_LEAF = "org-new-leaf"; // does not
const jamie = { userId: "user-worker", organisationId: FIRTH, ipAddress: "127.0.0.1" };
const custody = { userId: "user-custody", organisationId: "org-police", ipAddress: "127.0.0.1" };

afterEach(() => {
  globalThis.__pathwayDb = undefined;
});

function claimed(db: Db) {
  const made = makeReferral(db, { centreId: "cc-northfirth" });
  claimReferral(db, jamie, made.referralId);
  return made;
}
/** A naloxone follow-up named to Firth Recovery: no custody centre (decision 014). */
function followUp(db: Db) {
  const familyName = uniqueName("Naloxone");
  const personId = `person-${familyName}`;
  const now = new Date().toISOString();
  db.insert(people)
    .values({
      id: personId,
      givenName: "Ainsley",
      familyName,
      dateOfBirth: "1990-05-04",
      givenNameKey: "ainsley",
      familyNameKey: familyName.toLowerCase(),
    })
    .run();
  const referralId = `ref-${familyName}`;
  db.insert(arrestReferrals)
    .values({
      id: referralId,
      personId,
      source: "naloxone",
      providerOrganisationId: FIRTH,
      policeOrganisationId: "org-police",
      areaId: "la-kelmoor",
      createdByUserId: "user-officer",
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return { personId, referralId };
}

const answers = answersSchema.parse({ drugs: { level: "high" }, naloxone: "supplied" });

/** Each write that changes what a worker's queue shows: set up, then the write itself. */
const writes: [string, (db: Db) => () => void][] = [
  ["a new referral", (db) => () => makeReferral(db, { centreId: "cc-northfirth" })],
  [
    "a known person's new referral (re-entry)",
    (db) => {
      const first = makeReferral(db, { centreId: "cc-northfirth" });
      return () => makeReferral(db, { centreId: "cc-northfirth", personId: first.personId } as never);
    },
  ],
  [
    "a claim",
    (db) => {
      const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
      return () => claimReferral(db, jamie, referralId);
    },
  ],
  [
    "giving a claim back",
    (db) => {
      const { referralId } = claimed(db);
      return () => releaseClaim(db, jamie, referralId);
    },
  ],
  [
    "release from custody",
    (db) => {
      const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
      return () => recordRelease(db, custody, referralId, new Date().toISOString());
    },
  ],
  [
    "an assessment started",
    (db) => {
      const { referralId } = claimed(db);
      return () => saveAssessmentDraft(db, jamie, referralId, answers, null);
    },
  ],
  [
    "an assessment completed",
    (db) => {
      const { referralId } = claimed(db);
      return () => completeAssessment(db, jamie, referralId, answers, null);
    },
  ],
  [
    "a closure",
    (db) => {
      const { referralId } = claimed(db);
      return () => closeReferral(db, jamie, referralId, "no_needs_identified");
    },
  ],
  [
    "a reopening",
    (db) => {
      const { referralId } = claimed(db);
      closeReferral(db, jamie, referralId, "no_needs_identified");
      return () => reopenReferral(db, jamie, referralId, "Came back");
    },
  ],
  [
    "custody cancelling a referral made in error",
    (db) => {
      const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
      return () => cancelReferral(db, custody, referralId, "Wrong person");
    },
  ],
  [
    "a person's details removed at the end of retention",
    (db) => {
      const { personId } = makeReferral(db, { centreId: "cc-northfirth" });
      return () => db.transaction((tx) => anonymisePerson(tx, personId));
    },
  ],
  ["a follow-up from outside custody named to the provider", (db) => () => followUp(db)],
  [
    "a claim of a follow-up from outside custody",
    (db) => {
      const { referralId } = followUp(db);
      return () => claimReferral(db, jamie, referralId);
    },
  ],
  [
    "the name of a person with only a follow-up from outside custody",
    (db) => {
      const { personId } = followUp(db);
      return () => db.update(people).set({ givenName: "Ainslie" }).where(eq(people.id, personId)).run();
    },
  ],
  [
    "a worker renamed",
    (db) => () => db.update(users).set({ name: "Jamie Reid-Smith" }).where(eq(users.id, "user-worker")).run(),
  ],
  [
    "a centre no longer covered",
    (db) => () => db.delete(providerCentres).where(eq(providerCentres.custodyCentreId, "cc-northfirth")).run(),
  ],
];

describe("the queue version", () => {
  it.each(writes)("%s bumps the provider's version, and only that provider's", (_name, arrange) => {
    const db = createDemoWorldDb();
    const write = arrange(db);
    const before = { firth: queueVersion(db, FIRTH), newLeaf: queueVersion(db, NEW_LEAF) };
    write();
    expect(queueVersion(db, FIRTH)).toBeGreaterThan(before.firth);
    expect(queueVersion(db, NEW_LEAF)).toBe(before.newLeaf);
  });

  it("is bumped in the writer's transaction: a write that rolls back leaves it as it was", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
    const before = queueVersion(db, FIRTH);
    expect(() =>
      db.transaction((tx) => {
        claimReferral(tx as unknown as Db, jamie, referralId);
        throw new Error("something later failed");
      }),
    ).toThrow("something later failed");
    expect(queueVersion(db, FIRTH)).toBe(before);
  });
});

async function workerCookie(db: Db) {
  globalThis.__pathwayDb = db;
  const context = { clientAddress: "127.0.0.1", cspNonce: "", signInRetryAfterSeconds: 0 };
  return (await signInCookie("user-worker", { request: new Request("http://localhost/"), context })).split(";")[0];
}
const context = () => ({ clientAddress: "127.0.0.1", cspNonce: "", signInRetryAfterSeconds: 0 });

describe("the queue's refresh", () => {
  it("answers 204 without reading the queue when nothing changed, and the version when something did", async () => {
    const db = createDemoWorldDb();
    makeReferral(db, { centreId: "cc-northfirth" });
    const cookie = await workerCookie(db);
    const ask = (since: number) =>
      changesLoader({
        request: new Request(`http://localhost/worker/queue/changes?since=${since}`, { headers: { Cookie: cookie } }),
        context: context(),
        params: {},
      });
    const version = queueVersion(db, FIRTH);

    const { result: unchanged, sql } = await countStatements(db, () => ask(version));
    expect(unchanged.status).toBe(204);
    expect(await unchanged.text()).toBe("");
    expect(sql.filter((s) => /arrest_referrals|custody_episodes/.test(s))).toEqual([]);

    makeReferral(db, { centreId: "cc-northfirth" });
    const changed = await ask(version);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ version: queueVersion(db, FIRTH) });
  });
});

describe("the queue, 25 at a time", () => {
  it("shows the first 25 in the queue's order and says there are more; Show more asks for 25 more", async () => {
    const db = createDemoWorldDb();
    const base = Date.now() - 10 * 3_600_000;
    const made = Array.from({ length: 30 }, (_, i) =>
      makeReferral(db, { centreId: "cc-northfirth", arrivedAt: new Date(base + i * 60_000).toISOString() }),
    );
    // Two with a worker and one in follow-up: after everyone still waiting in custody.
    claimReferral(db, jamie, made[0].referralId);
    claimReferral(db, jamie, made[1].referralId);
    recordRelease(db, custody, made[2].referralId, new Date().toISOString());
    const options = {
      centreIds: ["cc-northfirth"],
      providerOrganisationId: FIRTH,
      workerId: "user-worker",
      filter: "open" as const,
    };

    const first = listQueue(db, options);
    expect(first.rows).toHaveLength(25);
    expect(first.hasMore).toBe(true);
    const all = listQueue(db, { ...options, shown: 50 });
    expect(all.hasMore).toBe(false);
    expect(all.rows.map((r) => r.state)).toEqual([...Array(27).fill("new"), "claimed", "claimed", "follow_up"]);
    const waiting = all.rows.slice(0, 27).map((r) => r.createdAt);
    expect(waiting).toEqual([...waiting].sort());
    expect(all.rows.slice(0, 25).map((r) => r.id)).toEqual(first.rows.map((r) => r.id));

    const cookie = await workerCookie(db);
    const page = async (query: string) =>
      queueLoader({
        request: new Request(`http://localhost/worker/queue${query}`, { headers: { Cookie: cookie } }),
        context: context(),
        params: {},
      });
    const shown = await page("");
    expect([shown.referrals.length, shown.hasMore, shown.version]).toEqual([25, true, queueVersion(db, FIRTH)]);
    const more = await page("?show=open&shown=50");
    expect([more.referrals.length, more.hasMore]).toEqual([30, false]);
  });
});
