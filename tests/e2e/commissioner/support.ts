// Records a test puts in the e2e database for the commissioner's figures: referrals and
// throughput in months long past, so that no other test's records fall in them.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { arrestReferrals, custodyEpisodes, custodyOffers, custodyThroughput } from "#db/schema";
import { makeReferral } from "../../support/factories";

/** An arrest referral (and its accepted offer) made at `centreId` at the time `at`. */
export function referralMadeAt(db: Db, centreId: string, at: string) {
  const made = makeReferral(db, { centreId });
  db.update(arrestReferrals).set({ createdAt: at, updatedAt: at }).where(eq(arrestReferrals.id, made.referralId)).run();
  db.update(custodyOffers).set({ recordedAt: at }).where(eq(custodyOffers.id, made.offerId)).run();
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, made.referralId)).get()!;
  db.update(custodyEpisodes).set({ arrivedAt: at }).where(eq(custodyEpisodes.id, referral.custodyEpisodeId)).run();
  return made;
}

export function setThroughput(db: Db, centreId: string, month: string, detentions: number) {
  const values = { detentions, disclosedDrugs: Math.round(detentions * 0.16), disclosedAlcohol: Math.round(detentions * 0.14), disclosedMentalHealth: Math.round(detentions * 0.43), updatedAt: new Date().toISOString() };
  db.insert(custodyThroughput)
    .values({ id: `e2e-${centreId}-${month}`, custodyCentreId: centreId, month, ...values })
    .onConflictDoUpdate({ target: [custodyThroughput.custodyCentreId, custodyThroughput.month], set: values })
    .run();
}

/** Splits CSV text into rows of fields (quoted fields may hold commas and quotes). */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trim().split(/\r\n/)) {
    const fields: string[] = [];
    let field = "";
    let inQuotes = false;
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (inQuotes && char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') inQuotes = !inQuotes;
      else if (char === "," && !inQuotes) {
        fields.push(field);
        field = "";
      } else field += char;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}
