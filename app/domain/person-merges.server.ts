// Merging a duplicate person into the one that stays, and undoing it (decision 015). Every row
// that points at the duplicate moves: the columns are found in the database itself (every
// person_id column and every foreign key to people), so a table added later moves too. The
// merge keeps the id of each row it moved, so undo puts back exactly those rows and nothing else.
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { arrestReferrals, people, personMerges, users, type Person, type PersonMerge } from "#db/schema";
import { nowIso } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";
import { editDistance, isStrongMatch, matchPerson } from "./people";

/** Columns that point at a person but never move, and why. */
export const COLUMNS_NEVER_MOVED: Record<string, string> = {
  "audit_events.person_id": "the audit log is append-only; a person's log is read through person_merges",
  "person_merges.surviving_person_id": "the merge's own record of who stayed",
  "person_merges.merged_person_id": "the merge's own record of who was merged",
};

export type PersonColumn = { table: string; column: string; key: string };

/** Every column a merge moves from the duplicate to the person who stays, read from the database. */
export function personColumns(db: Queryable): PersonColumn[] {
  const rows = db.all<{ tbl: string; col: string }>(sql`
    SELECT m.name AS tbl, c.name AS col
      FROM sqlite_master m JOIN pragma_table_info(m.name) c
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.name = 'person_id'
    UNION
    SELECT m.name, f."from"
      FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
     WHERE m.type = 'table' AND f."table" = 'people'
    UNION
    SELECT 'people', 'merged_into_person_id'
     ORDER BY 1, 2`);
  return rows
    .map(({ tbl, col }) => ({ table: tbl, column: col, key: `${tbl}.${col}` }))
    .filter((c) => !(c.key in COLUMNS_NEVER_MOVED));
}

const FILLED_FIELDS = ["policeIdentifier", "healthIdentifier", "phone", "phoneNotWorkingAt"] as const;
type FilledField = (typeof FILLED_FIELDS)[number];

function findPerson(db: Queryable, id: string) {
  return db.select().from(people).where(eq(people.id, id)).get();
}

const fullName = (p: Pick<Person, "givenName" | "familyName">) => `${p.givenName} ${p.familyName}`;

function refuseUnlessMergeable(person: Person | undefined, field: string): Person {
  if (!person) throw new DomainError("No person has this record id", { field, status: 404 });
  if (person.anonymisedAt)
    throw new DomainError(`${fullName(person)}'s record was anonymised: it cannot be merged`, { field });
  if (person.mergedIntoPersonId)
    throw new DomainError(
      `${fullName(person)}'s record was already merged into another person: merge that person instead`,
      { field },
    );
  return person;
}

/** How many rows of each table, for the audit log: "arrest_referrals.person_id" → arrest_referrals. */
function countsByTable(rows: Record<string, string[]>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(rows).map(([key, ids]) => [
      key === "people.merged_into_person_id" ? "earlierMerges" : key.replace(/\.person_id$/, ""),
      ids.length,
    ]),
  );
}

export type MergeInput = { survivingPersonId: string; mergedPersonId: string; reason: string };

/**
 * Both people, ready to be merged, and what would move: for the check-your-answers page.
 * Throws a DomainError when the merge would be refused.
 */
export function previewMerge(db: Queryable, input: Omit<MergeInput, "reason">) {
  if (input.survivingPersonId === input.mergedPersonId)
    throw new DomainError("Choose two different people", { field: "mergedPersonId", status: 400 });
  const surviving = refuseUnlessMergeable(findPerson(db, input.survivingPersonId), "survivingPersonId");
  const merged = refuseUnlessMergeable(findPerson(db, input.mergedPersonId), "mergedPersonId");
  const moving: Record<string, number> = Object.create(null);
  for (const c of personColumns(db)) {
    const n =
      db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM ${sql.identifier(c.table)} WHERE ${sql.identifier(c.column)} = ${merged.id}`,
      )?.n ?? 0;
    if (n) moving[c.key] = n;
  }
  const openReferrals = (personId: string) =>
    db
      .select({ id: arrestReferrals.id })
      .from(arrestReferrals)
      .where(and(eq(arrestReferrals.personId, personId), sql`${arrestReferrals.state} <> 'closed'`))
      .all().length;
  return {
    surviving,
    merged,
    moving,
    openReferrals: { surviving: openReferrals(surviving.id), merged: openReferrals(merged.id) },
  };
}

/** Merges one person into another, with its audit rows, in one transaction. Returns the merge's id. */
export function mergePeople(db: Db, audit: ActorAudit, input: MergeInput): string {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("Say why these are the same person", { field: "reason", status: 400 });
  return db.transaction((tx) => {
    const { surviving, merged } = previewMerge(tx, input);
    const moved: Record<string, string[]> = {};
    for (const c of personColumns(tx)) {
      const table = sql.identifier(c.table);
      const column = sql.identifier(c.column);
      const ids = tx
        .all<{ id: string }>(sql`SELECT id FROM ${table} WHERE ${column} = ${merged.id} ORDER BY id`)
        .map((r) => r.id);
      if (!ids.length) continue;
      tx.run(sql`UPDATE ${table} SET ${column} = ${surviving.id} WHERE ${column} = ${merged.id}`);
      moved[c.key] = ids;
    }

    // The duplicate may hold what the one who stays lacks: the phone they agreed to be called
    // on, an identifier. Filled only where empty; undo empties them again.
    const survivorBefore: Record<string, string | null> = {};
    const fill: Partial<Record<FilledField | "lastActivityAt", string>> = {};
    const phoneComesToo = !surviving.phone && merged.phone;
    for (const field of FILLED_FIELDS) {
      if (field === "phoneNotWorkingAt" && !phoneComesToo) continue;
      if (surviving[field] === null && merged[field] !== null) {
        survivorBefore[field] = null;
        fill[field] = merged[field]!;
      }
    }
    const activity = (p: Person) => p.lastActivityAt ?? p.createdAt;
    if (activity(merged) > activity(surviving)) {
      survivorBefore.lastActivityAt = surviving.lastActivityAt;
      fill.lastActivityAt = activity(merged);
    }
    if (Object.keys(fill).length) tx.update(people).set(fill).where(eq(people.id, surviving.id)).run();
    tx.update(people).set({ mergedIntoPersonId: surviving.id }).where(eq(people.id, merged.id)).run();

    const id = newId();
    tx.insert(personMerges)
      .values({
        id,
        survivingPersonId: surviving.id,
        mergedPersonId: merged.id,
        reason,
        moved,
        survivorBefore,
        mergedByUserId: audit.userId,
        mergedAt: nowIso(),
      })
      .run();
    const detail = {
      survivingPersonId: surviving.id,
      mergedPersonId: merged.id,
      moved: countsByTable(moved),
      filled: Object.keys(fill),
    };
    // One row on each person's log, so either record's history shows it.
    for (const personId of [surviving.id, merged.id])
      recordAudit(tx, audit, { action: "person.merge", recordType: "person_merge", recordId: id, personId, detail });
    return id;
  });
}

/**
 * Puts back exactly what the merge moved. Refused while a later merge depends on it: the
 * person who stayed has since been merged into someone else.
 */
export function undoMerge(db: Db, audit: ActorAudit, mergeId: string, undoReason: string): void {
  const reason = undoReason.trim();
  if (!reason) throw new DomainError("Say why the merge is being undone", { field: "undoReason", status: 400 });
  db.transaction((tx) => {
    const merge = tx.select().from(personMerges).where(eq(personMerges.id, mergeId)).get();
    if (!merge) throw new DomainError("No merge has this id", { status: 404 });
    if (merge.undoneAt) throw new DomainError("This merge was already undone", { field: "undoReason" });
    const surviving = findPerson(tx, merge.survivingPersonId)!;
    if (surviving.mergedIntoPersonId)
      throw new DomainError(`${fullName(surviving)} has since been merged into another person: undo that merge first`, {
        field: "undoReason",
      });
    const columns = new Map(personColumns(tx).map((c) => [c.key, c]));
    const putBack: Record<string, number> = {};
    for (const [key, ids] of Object.entries(merge.moved)) {
      const c = columns.get(key);
      if (!c) throw new DomainError(`The merge moved rows of ${key}, which no longer exists`);
      // In chunks: SQLite limits the number of bound values in one statement.
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const result = tx.run(
          sql`UPDATE ${sql.identifier(c.table)} SET ${sql.identifier(c.column)} = ${merge.mergedPersonId}
               WHERE ${sql.identifier(c.column)} = ${merge.survivingPersonId} AND id IN (${sql.join(
                 chunk.map((id) => sql`${id}`),
                 sql`, `,
               )})`,
        );
        putBack[key] = (putBack[key] ?? 0) + result.changes;
      }
    }
    // The survivor's details the merge filled in go back, unless someone has changed them since.
    const merged = findPerson(tx, merge.mergedPersonId)!;
    const restore: Record<string, string | null> = {};
    for (const [field, before] of Object.entries(merge.survivorBefore ?? {})) {
      const key = field as FilledField | "lastActivityAt";
      const filledWith = key === "lastActivityAt" ? (merged.lastActivityAt ?? merged.createdAt) : merged[key];
      if (surviving[key] === filledWith) restore[key] = before;
    }
    if (Object.keys(restore).length) tx.update(people).set(restore).where(eq(people.id, surviving.id)).run();
    tx.update(people).set({ mergedIntoPersonId: null }).where(eq(people.id, merge.mergedPersonId)).run();
    tx.update(personMerges)
      .set({ undoneAt: nowIso(), undoneByUserId: audit.userId, undoReason: reason })
      .where(eq(personMerges.id, merge.id))
      .run();
    const detail = {
      survivingPersonId: merge.survivingPersonId,
      mergedPersonId: merge.mergedPersonId,
      putBack: countsByTable(Object.fromEntries(Object.entries(putBack).map(([k, n]) => [k, new Array<string>(n)]))),
    };
    for (const personId of [merge.survivingPersonId, merge.mergedPersonId])
      recordAudit(tx, audit, {
        action: "person.merge-undo",
        recordType: "person_merge",
        recordId: merge.id,
        personId,
        detail,
      });
  });
}

export type MergeView = PersonMerge & {
  surviving: Person;
  merged: Person;
  mergedByName: string;
  undoneByName: string | null;
  /** Why undo is not possible now, or null. */
  undoBlockedBecause: string | null;
};

export function findMerge(db: Queryable, mergeId: string): MergeView | undefined {
  const merge = db.select().from(personMerges).where(eq(personMerges.id, mergeId)).get();
  if (!merge) return undefined;
  const surviving = findPerson(db, merge.survivingPersonId)!;
  const merged = findPerson(db, merge.mergedPersonId)!;
  const nameOf = (id: string | null) =>
    id ? (db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? "Unknown user") : null;
  return {
    ...merge,
    surviving,
    merged,
    mergedByName: nameOf(merge.mergedByUserId)!,
    undoneByName: nameOf(merge.undoneByUserId),
    undoBlockedBecause: merge.undoneAt
      ? "This merge was undone."
      : surviving.mergedIntoPersonId
        ? `${fullName(surviving)} has since been merged into another person: undo that merge first.`
        : null,
  };
}

/** The merge in force that took this person's records away, if any. */
export function mergeOfPerson(db: Queryable, personId: string) {
  return db
    .select()
    .from(personMerges)
    .where(and(eq(personMerges.mergedPersonId, personId), isNull(personMerges.undoneAt)))
    .orderBy(desc(personMerges.mergedAt))
    .get();
}

/** Merges made into or from a person, newest first. */
export function mergesOfPerson(db: Queryable, personId: string) {
  return db
    .select()
    .from(personMerges)
    .where(or(eq(personMerges.survivingPersonId, personId), eq(personMerges.mergedPersonId, personId)))
    .orderBy(desc(personMerges.mergedAt))
    .all();
}

/** The people whose records are now this person's (merged into them and not undone). */
export function peopleMergedInto(db: Queryable, personId: string) {
  return db.select().from(people).where(eq(people.mergedIntoPersonId, personId)).all();
}

export type DuplicatePair = {
  first: Person;
  second: Person;
  reasons: string[];
  score: number;
};

const MAX_PAIRS = 100;

/**
 * Pairs of people who are probably one person, as the matching at booking would say (the same
 * identifier; the same names and date of birth; one slip in a name with the same date). Only
 * records in use: not anonymised, not already merged.
 */
export function findLikelyDuplicates(db: Queryable, limit = MAX_PAIRS): DuplicatePair[] {
  const live = and(isNull(people.anonymisedAt), isNull(people.mergedIntoPersonId));
  // Candidates share a date of birth and one of the name keys, or an identifier.
  const candidates = db.all<{ a: string; b: string }>(sql`
    SELECT a.id AS a, b.id AS b FROM people a JOIN people b
        ON b.date_of_birth = a.date_of_birth AND b.id > a.id
       AND (b.family_name_key = a.family_name_key OR b.given_name_key = a.given_name_key)
     WHERE a.anonymised_at IS NULL AND a.merged_into_person_id IS NULL
       AND b.anonymised_at IS NULL AND b.merged_into_person_id IS NULL
    UNION
    SELECT a.id, b.id FROM people a JOIN people b
        ON upper(b.police_identifier) = upper(a.police_identifier) AND b.id > a.id
     WHERE a.police_identifier IS NOT NULL AND a.police_identifier <> ''
       AND a.anonymised_at IS NULL AND a.merged_into_person_id IS NULL
       AND b.anonymised_at IS NULL AND b.merged_into_person_id IS NULL
    UNION
    SELECT a.id, b.id FROM people a JOIN people b
        ON upper(b.health_identifier) = upper(a.health_identifier) AND b.id > a.id
     WHERE a.health_identifier IS NOT NULL AND a.health_identifier <> ''
       AND a.anonymised_at IS NULL AND a.merged_into_person_id IS NULL
       AND b.anonymised_at IS NULL AND b.merged_into_person_id IS NULL
    LIMIT 5000`);
  if (!candidates.length) return [];
  const ids = [...new Set(candidates.flatMap((c) => [c.a, c.b]))];
  const byId = new Map<string, Person>();
  for (let i = 0; i < ids.length; i += 500)
    for (const p of db
      .select()
      .from(people)
      .where(and(live, inArray(people.id, ids.slice(i, i + 500))))
      .all())
      byId.set(p.id, p);
  const pairs: DuplicatePair[] = [];
  for (const { a, b } of candidates) {
    const first = byId.get(a);
    const second = byId.get(b);
    if (!first || !second) continue;
    const match = matchPerson(
      {
        ...first,
        policeIdentifier: first.policeIdentifier ?? undefined,
        healthIdentifier: first.healthIdentifier ?? undefined,
      },
      second,
    );
    if (!match || !isStrongMatch(match)) continue;
    // The older record first: it is usually the one to keep.
    const [older, newer] = first.createdAt <= second.createdAt ? [first, second] : [second, first];
    pairs.push({ first: older, second: newer, reasons: match.reasons, score: match.score });
  }
  return pairs
    .sort(
      (x, y) =>
        y.score - x.score ||
        editDistance(x.first.familyNameKey, x.second.familyNameKey) -
          editDistance(y.first.familyNameKey, y.second.familyNameKey) ||
        x.first.familyNameKey.localeCompare(y.first.familyNameKey),
    )
    .slice(0, limit);
}

/** Merges in force and undone, newest first: the administrators' record of them. */
export function listMerges(db: Queryable, limit = 50) {
  return db
    .select({
      id: personMerges.id,
      mergedAt: personMerges.mergedAt,
      undoneAt: personMerges.undoneAt,
      survivingPersonId: personMerges.survivingPersonId,
      mergedPersonId: personMerges.mergedPersonId,
    })
    .from(personMerges)
    .orderBy(desc(personMerges.mergedAt))
    .limit(limit)
    .all()
    .map((m) => ({
      ...m,
      survivingName: fullName(findPerson(db, m.survivingPersonId)!),
      mergedName: fullName(findPerson(db, m.mergedPersonId)!),
    }));
}
