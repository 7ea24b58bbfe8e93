// Retention: person data is not kept longer than needed. A person whose last activity is older
// than the retention period (the retention_years setting, 6 by default) is anonymised — names,
// identifiers, contact details, the day and month of birth and every free-text note about
// them — while their rows stay, so every count and rate on the dashboards stays the same.
// Audit rows are never touched (the database refuses to change them anyway).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  arrestReferrals,
  consents,
  contactAttempts,
  custodyEpisodes,
  custodyOffers,
  messages,
  needsAssessments,
  onwardReferrals,
  outcomeEvents,
  people,
} from "#db/schema";
import { recordAudit } from "./audit.server";
import { getSetting } from "./settings.server";

export const ANONYMISED_GIVEN_NAME = "Anonymised";
export const ANONYMISED_FAMILY_NAME = "person";
const BATCH_SIZE = 200;

/** The moment before which last activity means a person's data is past retention. */
export function retentionCutoff(db: Queryable, now = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - getSetting(db, "retention_years"));
  return cutoff;
}

// The latest moment anything happened about a person, across every table that records them.
// ISO-8601 text compares in time order; SQLite's max() of several arguments is NULL if any is,
// hence the coalesce around each.
const personId = sql.raw(`"people"."id"`);
const lastActivity = sql<string>`max(
  coalesce(${people.lastActivityAt}, ${people.createdAt}),
  coalesce(${people.updatedAt}, ''),
  coalesce((select max(coalesce(e.released_at, e.arrived_at)) from custody_episodes e where e.person_id = ${personId}), ''),
  coalesce((select max(r.updated_at) from arrest_referrals r where r.person_id = ${personId}), ''),
  coalesce((select max(c.attempted_at) from contact_attempts c join arrest_referrals r on r.id = c.arrest_referral_id where r.person_id = ${personId}), ''),
  coalesce((select max(a.updated_at) from needs_assessments a where a.person_id = ${personId}), ''),
  coalesce((select max(o.updated_at) from onward_referrals o where o.person_id = ${personId}), ''),
  coalesce((select max(v.recorded_at) from outcome_events v join onward_referrals o on o.id = v.onward_referral_id where o.person_id = ${personId}), ''),
  coalesce((select max(coalesce(k.withdrawn_at, k.recorded_at)) from consents k where k.person_id = ${personId}), '')
)`;

/**
 * People not yet anonymised whose last activity is before the cutoff, oldest first. The person's
 * own record is one term of the last activity, so only people whose record is past the cutoff
 * need the rest worked out: the index people_retention finds those without reading everyone.
 */
export const pastRetentionQuery = (db: Queryable, cutoff: string, limit: number) =>
  db
    .select({ id: people.id, lastActivityAt: lastActivity })
    .from(people)
    .where(
      sql`${people.anonymisedAt} is null and coalesce(${people.lastActivityAt}, ${people.createdAt}) < ${cutoff}
        and coalesce(${people.updatedAt}, '') < ${cutoff} and ${lastActivity} < ${cutoff}`,
    )
    .orderBy(lastActivity)
    .limit(limit);

export function listPeoplePastRetention(
  db: Queryable,
  now = new Date(),
  limit = 10_000,
): { id: string; lastActivityAt: string }[] {
  return pastRetentionQuery(db, retentionCutoff(db, now).toISOString(), limit).all();
}

/** What may stay of a JSON record once free text goes: flags, numbers, codes and dates. */
export function keepOnlyCodes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keepOnlyCodes).filter((v) => v !== undefined);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, keepOnlyCodes(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  }
  if (typeof value === "string") {
    const isCode = /^[a-z0-9_-]{1,40}$/.test(value);
    const isDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value);
    return isCode || isDate ? value : undefined;
  }
  return value;
}

/** Anonymises one person and everything written about them, keeping every row. */
export function anonymisePerson(tx: Queryable, personId: string, now = new Date()) {
  const at = now.toISOString();
  const person = tx.select({ dateOfBirth: people.dateOfBirth }).from(people).where(eq(people.id, personId)).get();
  if (!person) return;
  tx.update(people)
    .set({
      givenName: ANONYMISED_GIVEN_NAME,
      familyName: ANONYMISED_FAMILY_NAME,
      // Only the year stays (as 1 January), for age bands.
      dateOfBirth: `${person.dateOfBirth.slice(0, 4)}-01-01`,
      // Empty keys: matching at booking can never offer an anonymised record.
      givenNameKey: "",
      familyNameKey: "",
      policeIdentifier: null,
      healthIdentifier: null,
      phone: null,
      updatedAt: at,
      anonymisedAt: at,
    })
    .where(eq(people.id, personId))
    .run();

  const episodes = tx
    .select({ id: custodyEpisodes.id })
    .from(custodyEpisodes)
    .where(eq(custodyEpisodes.personId, personId))
    .all();
  for (const episode of episodes) {
    // The custody reference identifies the person in police systems; it must stay unique.
    tx.update(custodyEpisodes)
      .set({ custodyReference: `anonymised-${episode.id}`, disclosedOther: null, safetyNotes: "" })
      .where(eq(custodyEpisodes.id, episode.id))
      .run();
  }
  const episodeIds = episodes.map((e) => e.id);
  if (episodeIds.length)
    tx.update(custodyOffers)
      .set({ custodyReference: null, notOfferedReasonText: null })
      .where(inArray(custodyOffers.custodyEpisodeId, episodeIds))
      .run();

  const referralIds = tx
    .select({ id: arrestReferrals.id })
    .from(arrestReferrals)
    .where(eq(arrestReferrals.personId, personId))
    .all()
    .map((r) => r.id);
  if (referralIds.length)
    tx.update(contactAttempts).set({ note: "" }).where(inArray(contactAttempts.arrestReferralId, referralIds)).run();

  for (const assessment of tx
    .select({ id: needsAssessments.id, answers: needsAssessments.answers })
    .from(needsAssessments)
    .where(eq(needsAssessments.personId, personId))
    .all()) {
    tx.update(needsAssessments)
      .set({ answers: keepOnlyCodes(assessment.answers) as Record<string, unknown> })
      .where(eq(needsAssessments.id, assessment.id))
      .run();
  }

  const onwardIds = tx
    .select({ id: onwardReferrals.id })
    .from(onwardReferrals)
    .where(eq(onwardReferrals.personId, personId))
    .all()
    .map((o) => o.id);
  if (onwardIds.length) {
    tx.update(onwardReferrals)
      .set({ note: "", statusReasonText: null, outOfAreaReason: null })
      .where(inArray(onwardReferrals.id, onwardIds))
      .run();
    for (const event of tx
      .select({ id: outcomeEvents.id, detail: outcomeEvents.detail })
      .from(outcomeEvents)
      .where(inArray(outcomeEvents.onwardReferralId, onwardIds))
      .all()) {
      tx.update(outcomeEvents)
        .set({ detail: keepOnlyCodes(event.detail) as Record<string, unknown> })
        .where(eq(outcomeEvents.id, event.id))
        .run();
    }
  }

  tx.update(consents).set({ contactMethod: null, withdrawalNote: null }).where(eq(consents.personId, personId)).run();
  // Texts to the person held their number and an appointment's time and place.
  tx.update(messages).set({ recipient: "", personalisation: {} }).where(eq(messages.personId, personId)).run();
  tx.update(messages)
    .set({ status: "cancelled", statusReason: "The person's record is no longer held." })
    .where(and(eq(messages.personId, personId), eq(messages.status, "queued")))
    .run();
}

export type RetentionResult = { anonymised: number; cutoff: string };

/**
 * The retention job: anonymises everyone past retention, in batches (each with its audit
 * rows, in one transaction), so a big first run does not hold the database for long.
 */
export function applyRetention(db: Db, now = new Date()): RetentionResult {
  const cutoff = retentionCutoff(db, now).toISOString();
  let anonymised = 0;
  for (;;) {
    const due = listPeoplePastRetention(db, now, 5000);
    if (!due.length) break;
    for (let i = 0; i < due.length; i += BATCH_SIZE)
      anonymised += anonymiseBatch(db, due.slice(i, i + BATCH_SIZE), cutoff, now);
  }
  return { anonymised, cutoff };
}

function anonymiseBatch(db: Db, batch: { id: string; lastActivityAt: string }[], cutoff: string, now: Date): number {
  db.transaction((tx) => {
    for (const person of batch) {
      anonymisePerson(tx, person.id, now);
      recordAudit(
        tx,
        {},
        {
          action: "person.anonymised",
          recordType: "person",
          recordId: person.id,
          personId: person.id,
          detail: { lastActivityAt: person.lastActivityAt, cutoff },
        },
      );
    }
  });
  return batch.length;
}
