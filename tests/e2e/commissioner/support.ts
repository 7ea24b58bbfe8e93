// Records a test puts in the e2e database for the commissioner's figures: referrals and
// throughput in months long past, so that no other test's records fall in them.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import {
  areas,
  arrestReferrals,
  commissionerAreas,
  custodyCentres,
  custodyEpisodes,
  custodyOffers,
  custodyThroughput,
  organisations,
  users,
} from "#db/schema";
import { makeReferral, uniqueName } from "../../support/factories";

/** An arrest referral (and its accepted offer) made at `centreId` at the time `at`. */
export function referralMadeAt(db: Db, centreId: string, at: string) {
  const made = makeReferral(db, { centreId });
  db.update(arrestReferrals).set({ createdAt: at, updatedAt: at }).where(eq(arrestReferrals.id, made.referralId)).run();
  db.update(custodyOffers).set({ recordedAt: at }).where(eq(custodyOffers.id, made.offerId)).run();
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, made.referralId)).get()!;
  db.update(custodyEpisodes).set({ arrivedAt: at }).where(eq(custodyEpisodes.id, referral.custodyEpisodeId!)).run();
  return made;
}

export function setThroughput(db: Db, centreId: string, month: string, detentions: number) {
  const values = {
    detentions,
    disclosedDrugs: Math.round(detentions * 0.16),
    disclosedAlcohol: Math.round(detentions * 0.14),
    disclosedMentalHealth: Math.round(detentions * 0.43),
    updatedAt: new Date().toISOString(),
  };
  db.insert(custodyThroughput)
    .values({ id: `e2e-${centreId}-${month}`, custodyCentreId: centreId, month, ...values })
    .onConflictDoUpdate({ target: [custodyThroughput.custodyCentreId, custodyThroughput.month], set: values })
    .run();
}

/**
 * A partnership of its own with `centres` custody centres (of a police service of its own, so no
 * other test's custody officer sees them), and a commissioner who funds it: for long breakdowns.
 */
export function partnershipWithCentres(db: Db, centres: number) {
  const name = uniqueName("Longmarch");
  const id = name.toLowerCase();
  const code = name.slice(-6).toUpperCase();
  db.transaction((tx) => {
    tx.insert(organisations)
      .values({ id: `org-police-${id}`, name: `${name} Police`, kind: "police" })
      .run();
    tx.insert(organisations)
      .values({ id: `org-${id}-adp`, name: `${name} ADP`, kind: "commissioner" })
      .run();
    tx.insert(areas)
      .values([
        { id: `adp-${id}`, kind: "adp", name: `${name} ADP`, code: `A${code}` },
        {
          id: `la-${id}`,
          kind: "local_authority",
          name: `${name} Council`,
          code: `L${code}`,
          parentAreaId: `adp-${id}`,
        },
        { id: `div-${id}`, kind: "police_division", name: `${name} Division`, code: `D${code}` },
      ])
      .run();
    tx.insert(commissionerAreas)
      .values({ organisationId: `org-${id}-adp`, areaId: `adp-${id}` })
      .run();
    for (let i = 1; i <= centres; i++) {
      const centreCode = `${code}${String(i).padStart(2, "0")}`;
      tx.insert(custodyCentres)
        .values({
          id: `cc-${id}-${i}`,
          name: `${name} Custody Suite ${String(i).padStart(2, "0")}`,
          code: centreCode,
          policeOrganisationId: `org-police-${id}`,
          divisionAreaId: `div-${id}`,
          localAuthorityAreaId: `la-${id}`,
          custodyReferencePattern: `^${centreCode}/\\d{2}/\\d{6}$`,
          custodyReferenceExample: `${centreCode}/26/000001`,
        })
        .run();
    }
    tx.insert(users)
      .values({
        id: `user-${id}`,
        email: `${id}@pathway.example`,
        name: `${name} Commissioner`,
        role: "commissioner",
        organisationId: `org-${id}-adp`,
      })
      .run();
  });
  return {
    email: `${id}@pathway.example`,
    centreName: (i: number) => `${name} Custody Suite ${String(i).padStart(2, "0")}`,
  };
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
