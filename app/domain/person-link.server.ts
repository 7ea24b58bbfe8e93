// The person a new referral is for, whatever its door (custody booking, a patrol referral):
// a known person the user picked, or a new one — refused while a strong match is unanswered
// (decision 015: one person, one record). Runs inside the caller's transaction.
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { people } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";
import { isExactMatch, isStrongMatch, nameKey } from "./people";
import { findLikelyMatches } from "./people.server";

export type PersonDetails = {
  /** A known person's id, "new" for someone said not to be any match shown, or nothing. */
  personId?: string;
  newPersonReason?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  policeIdentifier?: string;
  healthIdentifier?: string;
  /** Kept only when the person agreed to be phoned (the caller's schema sees to that). */
  phone?: string;
};

export function linkOrCreatePerson(
  tx: Queryable,
  audit: ActorAudit,
  details: PersonDetails,
  recordedAt: string,
): { personId: string; isReturningPerson: boolean } {
  if (details.personId && details.personId !== "new") {
    const picked = tx
      .select({ id: people.id, mergedIntoPersonId: people.mergedIntoPersonId })
      .from(people)
      .where(and(eq(people.id, details.personId), isNull(people.anonymisedAt)))
      .get();
    // Picked from a list shown before an administrator merged that record: the one it went to.
    const person = picked?.mergedIntoPersonId
      ? tx
          .select({ id: people.id })
          .from(people)
          .where(and(eq(people.id, picked.mergedIntoPersonId), isNull(people.anonymisedAt)))
          .get()
      : picked;
    if (!person)
      throw new DomainError("The person picked could not be found: search again.", { field: "personId", status: 400 });
    tx.update(people)
      .set({
        lastActivityAt: recordedAt,
        updatedAt: recordedAt,
        ...(details.phone ? { phone: details.phone } : {}),
        ...(details.policeIdentifier ? { policeIdentifier: details.policeIdentifier } : {}),
        ...(details.healthIdentifier ? { healthIdentifier: details.healthIdentifier } : {}),
      })
      .where(eq(people.id, person.id))
      .run();
    recordAudit(tx, audit, { action: "person.link", recordType: "person", recordId: person.id, personId: person.id });
    return { personId: person.id, isReturningPerson: true };
  }

  const known = findLikelyMatches(tx, details);
  const strong = known.filter(isStrongMatch);
  if (strong.length && details.personId !== "new") {
    throw new DomainError("Say whether this is the same person as someone already known to Pathway, or a new person", {
      field: "personId",
      status: 400,
    });
  }
  const exact = known.filter(isExactMatch);
  if (exact.length && !details.newPersonReason) {
    throw new DomainError(
      "Say why this is a new person although someone with the same name and date of birth is known",
      { field: "newPersonReason", status: 400 },
    );
  }
  const personId = newId();
  tx.insert(people)
    .values({
      id: personId,
      givenName: details.givenName!,
      familyName: details.familyName!,
      dateOfBirth: details.dateOfBirth!,
      givenNameKey: nameKey(details.givenName!),
      familyNameKey: nameKey(details.familyName!),
      policeIdentifier: details.policeIdentifier ?? null,
      healthIdentifier: details.healthIdentifier ?? null,
      phone: details.phone ?? null,
      lastActivityAt: recordedAt,
      newPersonReason: exact.length ? details.newPersonReason! : null,
    })
    .run();
  recordAudit(tx, audit, {
    action: "person.create",
    recordType: "person",
    recordId: personId,
    personId,
    ...(strong.length
      ? {
          detail: {
            notTheSameAs: strong.map((m) => m.personId),
            ...(exact.length ? { reason: details.newPersonReason } : {}),
          },
        }
      : {}),
  });
  return { personId, isReturningPerson: false };
}
