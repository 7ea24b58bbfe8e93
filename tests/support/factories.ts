// Makes the records a test needs through the same domain functions the app uses.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { custodyCentres, users } from "#db/schema";
import { currentConsentWording, recordOffer } from "~/domain/custody.server";
import type { AcceptedOffer } from "~/domain/custody";

let sequence = 0;

/** A custody reference in the centre's format, unique within a test run. */
export function uniqueCustodyReference(centreCode: string) {
  sequence += 1;
  const digits = String((Date.now() * 7 + sequence * 7919 + process.pid) % 1_000_000).padStart(6, "0");
  return `${centreCode}/26/${digits}`;
}

export function uniqueName(prefix: string) {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let n = Date.now() + (sequence += 1) * 104729 + process.pid;
  let suffix = "";
  for (let i = 0; i < 6; i++) {
    suffix += letters[n % 26];
    n = Math.floor(n / 26);
  }
  return `${prefix}${suffix}`;
}

export function makeReferral(
  db: Db,
  options: Partial<AcceptedOffer> & { centreId?: string; officerEmail?: string } = {},
) {
  const centreId = options.centreId ?? "cc-northfirth";
  const centre = db.select().from(custodyCentres).where(eq(custodyCentres.id, centreId)).get()!;
  const officer = db.select().from(users).where(eq(users.email, options.officerEmail ?? "custody@pathway.example")).get()!;
  const wording = currentConsentWording(db, "speak_to_worker")!;
  const { centreId: _c, officerEmail: _o, ...overrides } = options;
  const offer: AcceptedOffer = {
    result: "accepted",
    custodyReference: uniqueCustodyReference(centre.code),
    givenName: uniqueName("Test"),
    familyName: uniqueName("Person"),
    dateOfBirth: "1988-03-14",
    arrivedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    disclosedNeeds: ["drugs"],
    consentConfirmed: true,
    consentMethod: "verbal",
    consentWordingId: wording.id,
    contactAfterRelease: false,
    ...overrides,
  } as AcceptedOffer;
  const recorded = recordOffer(db, { userId: officer.id, organisationId: officer.organisationId, ipAddress: "127.0.0.1" }, centre, offer);
  if (recorded.result !== "accepted") throw new Error("expected an accepted offer");
  return { ...recorded, offer, centre };
}
