// An administrator merges duplicate people and undoes it: every row that pointed at the
// duplicate moves, undo puts back exactly what moved, and a table added later is moved too.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { messages, notifications, people, personMerges, users } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { findLikelyMatches } from "~/domain/people.server";
import { loadActor } from "~/domain/permissions.server";
import {
  COLUMNS_NEVER_MOVED,
  findLikelyDuplicates,
  mergePeople,
  personColumns,
  previewMerge,
  undoMerge,
} from "~/domain/person-merges.server";
import { searchCases } from "~/domain/search.server";
import { gatherSubjectAccess } from "~/domain/subject-access.server";
import {
  giveOutcomeSharingConsent,
  makeOnwardReferral,
  makeReferral,
  shareAssessmentWithService,
  uniqueName,
} from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

/**
 * Tables whose rows a merge writes about itself: its record, its audit rows, figure marks, and
 * the queue versions a moved referral bumps (they only ever count up).
 */
const BOOKKEEPING = new Set([
  "audit_events",
  "audit_actions",
  "person_merges",
  "figure_months_stale",
  "queue_versions",
]);

/** Every row of every other table, in a stable order: compared before and after exactly. */
function snapshot(db: Db): Record<string, string[]> {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    if (BOOKKEEPING.has(name)) continue;
    out[name] = (db.$client.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

function rowsPointingAt(db: Db, personId: string): string[] {
  return personColumns(db).flatMap((c) => {
    const n = (
      db.$client.prepare(`SELECT count(*) AS n FROM "${c.table}" WHERE "${c.column}" = ?`).get(personId) as {
        n: number;
      }
    ).n;
    return n ? [`${c.key}: ${n}`] : [];
  });
}

/** A person with a case, an onward referral, consents, an assessment, a message and a notice. */
function personWithEverything(db: Db, names: { givenName: string; familyName: string }, extra = {}) {
  const made = makeReferral(db, { ...names, dateOfBirth: "1979-12-01", ...extra });
  const onwardId = makeOnwardReferral(db, {
    referralId: made.referralId,
    serviceId: "svc-nads-treatment",
    status: "accepted",
  });
  shareAssessmentWithService(db, onwardId, ["drugs"], { drugs: { level: "high" } });
  giveOutcomeSharingConsent(db, made.personId);
  const at = new Date().toISOString();
  db.insert(messages)
    .values({
      id: `msg-${uniqueName("m")}`,
      type: "follow-up",
      channel: "sms",
      recipient: "07700900456",
      personId: made.personId,
      arrestReferralId: made.referralId,
      template: "follow-up",
      personalisation: {},
      nextAttemptAt: at,
      createdAt: at,
    })
    .run();
  db.insert(notifications)
    .values({
      id: `note-${uniqueName("n")}`,
      userId: "user-worker",
      kind: "person.back_in_custody",
      title: "Back in custody",
      link: `/worker/referrals/${made.referralId}`,
      personId: made.personId,
      createdAt: at,
    })
    .run();
  return made;
}

describe("merging duplicate people", () => {
  let db: Db;
  let euan: ReturnType<typeof personWithEverything>;
  let again: ReturnType<typeof personWithEverything>;
  let slip: ReturnType<typeof personWithEverything>;
  let family: string;

  beforeEach(() => {
    db = createDemoWorldDb();
    family = uniqueName("Macdonald");
    euan = personWithEverything(db, { givenName: "Euan", familyName: family });
    // The duplicate the issue describes: same name and date, typed again as a new person.
    again = personWithEverything(
      db,
      { givenName: "Euan", familyName: family.toUpperCase() },
      {
        personId: "new",
        newPersonReason: "Officer did not see the match",
        contactAfterRelease: true,
        phone: "07700900456",
      },
    );
    // One slip in the family name, the same date.
    slip = personWithEverything(
      db,
      { givenName: "Euan", familyName: family.replace("Mac", "Mc") },
      { personId: "new" },
    );
  });

  it("walks merge → merge → undo → undo and puts back exactly what moved", () => {
    const before = snapshot(db);
    expect(rowsPointingAt(db, slip.personId).length).toBeGreaterThanOrEqual(6);
    // Each has a case open: the check page warns that one person will have two, both kept.
    expect(
      previewMerge(db, { survivingPersonId: euan.personId, mergedPersonId: again.personId }).openReferrals,
    ).toEqual({ surviving: 1, merged: 1 });

    const first = mergePeople(db, admin, {
      survivingPersonId: again.personId,
      mergedPersonId: slip.personId,
      reason: "Same custody photograph",
    });
    const afterFirst = snapshot(db);
    expect(rowsPointingAt(db, slip.personId)).toEqual([]);

    const second = mergePeople(db, admin, {
      survivingPersonId: euan.personId,
      mergedPersonId: again.personId,
      reason: "Same person: date of birth and address match",
    });
    // Nothing points at either duplicate but the merge records; the earlier duplicate follows on.
    expect(rowsPointingAt(db, again.personId)).toEqual([]);
    expect(rowsPointingAt(db, slip.personId)).toEqual([]);
    const find = (id: string) => db.select().from(people).where(eq(people.id, id)).get()!;
    expect(find(slip.personId).mergedIntoPersonId).toBe(euan.personId);
    expect(find(again.personId).mergedIntoPersonId).toBe(euan.personId);
    // The phone the duplicate held comes to the one who stays, who had none.
    expect(find(euan.personId).phone).toBe("07700900456");
    const moved = db.select().from(personMerges).where(eq(personMerges.id, second)).get()!.moved;
    expect(Object.keys(moved)).toEqual(
      expect.arrayContaining([
        "arrest_referrals.person_id",
        "consents.person_id",
        "custody_episodes.person_id",
        "messages.person_id",
        "needs_assessments.person_id",
        "notifications.person_id",
        "onward_referrals.person_id",
        "people.merged_into_person_id",
      ]),
    );
    // Undo is refused while a later merge depends on the first.
    expect(() => undoMerge(db, admin, first, "Wrong person")).toThrow(/undo that merge first/);

    undoMerge(db, admin, second, "They are brothers");
    expect(snapshot(db)).toEqual(afterFirst);
    undoMerge(db, admin, first, "Different people after all");
    expect(snapshot(db)).toEqual(before);
    expect(() => undoMerge(db, admin, first, "Again")).toThrow(/already undone/);

    // Each merge and undo is on the log of both people.
    const logged = db.$client
      .prepare("SELECT action, person_id AS personId FROM audit_events WHERE record_id IN (?, ?) ORDER BY seq")
      .all(first, second) as { action: string; personId: string }[];
    expect(logged.map((l) => l.action)).toEqual([
      "person.merge",
      "person.merge",
      "person.merge",
      "person.merge",
      "person.merge-undo",
      "person.merge-undo",
      "person.merge-undo",
      "person.merge-undo",
    ]);
  });

  it("refuses what cannot be merged, and writes nothing", () => {
    mergePeople(db, admin, { survivingPersonId: euan.personId, mergedPersonId: slip.personId, reason: "Same" });
    const before = snapshot(db);
    const refused = (input: { survivingPersonId: string; mergedPersonId: string; reason?: string }) => {
      try {
        mergePeople(db, admin, { reason: "Same person", ...input });
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).message;
      }
      throw new Error("merged");
    };
    expect(refused({ survivingPersonId: euan.personId, mergedPersonId: euan.personId })).toMatch(/two different/);
    expect(refused({ survivingPersonId: slip.personId, mergedPersonId: again.personId })).toMatch(/already merged/);
    expect(refused({ survivingPersonId: again.personId, mergedPersonId: slip.personId })).toMatch(/already merged/);
    expect(refused({ survivingPersonId: euan.personId, mergedPersonId: "no-such-person" })).toMatch(/No person/);
    expect(refused({ survivingPersonId: euan.personId, mergedPersonId: again.personId, reason: "  " })).toMatch(
      /Say why/,
    );
    expect(snapshot(db)).toEqual(before);
  });

  it("offers the likely duplicates, as matching at booking would", () => {
    const pairs = findLikelyDuplicates(db).filter((p) => p.first.familyNameKey.includes(family.slice(8).toLowerCase()));
    const ids = pairs.map((p) => [p.first.id, p.second.id].sort().join("+"));
    expect(ids).toEqual(
      expect.arrayContaining([
        [euan.personId, again.personId].sort().join("+"),
        [euan.personId, slip.personId].sort().join("+"),
      ]),
    );
    mergePeople(db, admin, { survivingPersonId: euan.personId, mergedPersonId: again.personId, reason: "Same" });
    const after = findLikelyDuplicates(db).flatMap((p) => [p.first.id, p.second.id]);
    expect(after).not.toContain(again.personId);
  });

  it("reads through a merge: matching at booking, search, and subject access", () => {
    mergePeople(db, admin, { survivingPersonId: euan.personId, mergedPersonId: slip.personId, reason: "Same" });
    // The spelling only the merged record held still finds the person, as the one who stayed.
    const spelledAsBefore = family.replace("Mac", "Mc");
    const matches = findLikelyMatches(db, {
      givenName: "Euan",
      familyName: spelledAsBefore,
      dateOfBirth: "1979-12-01",
    });
    expect(matches.map((m) => m.personId)).toContain(euan.personId);
    expect(matches.map((m) => m.personId)).not.toContain(slip.personId);

    const worker = db.select().from(users).where(eq(users.id, "user-worker")).get()!;
    const hits = searchCases(
      db,
      loadActor(db, worker),
      { userId: worker.id, organisationId: worker.organisationId },
      {
        name: `Euan ${spelledAsBefore}`,
        dateOfBirth: undefined,
        custodyReference: undefined,
        pathwayReference: undefined,
      },
    );
    expect(hits.map((h) => h.key)).toEqual(expect.arrayContaining([euan.referralId, slip.referralId]));

    const record = gatherSubjectAccess(db, euan.personId)!;
    expect(record.alsoRecordedAs.map((p) => p.familyName)).toEqual([spelledAsBefore]);
    expect(record.arrestReferrals.map((r) => r.id)).toContain(slip.referralId);
    // The merged person's own log (their booking) is part of what the person who stayed is given.
    expect(record.accessLog.some((a) => a.action === "person.create" && a.recordId === slip.personId)).toBe(true);
    const merged = gatherSubjectAccess(db, slip.personId)!;
    expect(merged.mergedInto?.personId).toBe(euan.personId);
  });
});

describe("every column that points at a person", () => {
  it("is moved by a merge or named as never moved, and every moved table has an id", () => {
    const db = createDemoWorldDb();
    const all = db.$client
      .prepare(
        `SELECT m.name || '.' || c.name AS key FROM sqlite_master m JOIN pragma_table_info(m.name) c
          WHERE m.type = 'table' AND (c.name LIKE '%person_id' OR c.name IN (
            SELECT f."from" FROM pragma_foreign_key_list(m.name) f WHERE f."table" = 'people'))`,
      )
      .all()
      .map((r) => (r as { key: string }).key)
      .sort();
    const handled = [...personColumns(db).map((c) => c.key), ...Object.keys(COLUMNS_NEVER_MOVED)].sort();
    expect(handled).toEqual(all);
    for (const { table } of personColumns(db)) {
      const columns = db.$client.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
      expect(
        columns.map((c) => c.name),
        table,
      ).toContain("id");
    }
  });

  it("moves and puts back the rows of a table added later", () => {
    const db = createDemoWorldDb();
    db.$client.exec("CREATE TABLE later_things (id text PRIMARY KEY, subject text REFERENCES people(id), note text)");
    const a = makeReferral(db);
    const b = makeReferral(db);
    db.$client.prepare("INSERT INTO later_things VALUES ('thing-one', ?, 'kept')").run(b.personId);
    const before = snapshot(db);
    const id = mergePeople(db, admin, { survivingPersonId: a.personId, mergedPersonId: b.personId, reason: "Same" });
    expect(db.$client.prepare("SELECT subject FROM later_things").get()).toEqual({ subject: a.personId });
    undoMerge(db, admin, id, "Not the same");
    expect(snapshot(db)).toEqual(before);
  });
});
