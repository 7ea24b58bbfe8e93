// A child process for the crash test: records accepted custody offers (a person, an episode,
// an arrest referral, its consent and audit rows, in one transaction, through the same domain
// function the custody page uses) in a loop, and prints "ack <referral id>" after each commit.
// The test kills it with SIGKILL at a random moment and checks every acknowledged referral.
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { openDatabase } from "#db/connection";
import { custodyCentres } from "#db/schema";
import { currentConsentWording } from "~/domain/consents.server";
import type { AcceptedOffer } from "~/domain/custody";
import { recordOffer } from "~/domain/custody.server";

const [databaseFile, runLabel = "0"] = process.argv.slice(2);
const db = openDatabase(databaseFile);
const centre = db.select().from(custodyCentres).where(eq(custodyCentres.id, "cc-northfirth")).get()!;
const wording = currentConsentWording(db, "speak_to_worker")!;
const audit = { userId: "user-custody", organisationId: "org-police", ipAddress: "127.0.0.1" };

function lettersFor(n: number): string {
  let text = "";
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26);
  } while (n > 0);
  return text;
}

for (let n = 0; ; n++) {
  const offer: AcceptedOffer = {
    result: "accepted",
    custodyReference: `NFC/26/${String((Number(runLabel) * 10_000 + n) % 1_000_000).padStart(6, "0")}`,
    givenName: "Crash",
    // Letters only: matching compares names without digits, so "Test0x1" and "Test0x2" would match.
    familyName: `Test${lettersFor(Number(runLabel))}x${lettersFor(n)}`,
    // A date of birth of each person's own: one letter apart with the same date is a strong match,
    // which the custody form asks the officer to answer.
    dateOfBirth: new Date(Date.UTC(1940, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
    arrivedAt: new Date().toISOString(),
    disclosedNeeds: ["alcohol"],
    consentConfirmed: true,
    consentMethod: "verbal",
    consentWordingId: wording.id,
    contactAfterRelease: false,
  } as AcceptedOffer;
  const recorded = recordOffer(db, audit, centre, offer);
  if (recorded.result !== "accepted") throw new Error("expected an accepted offer");
  // Synchronous write: the line is out of this process before the next transaction starts.
  fs.writeSync(1, `ack ${recorded.referralId}\n`);
}
