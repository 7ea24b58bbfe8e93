// Demo custody throughput: two years of monthly detentions at the six demo centres, with the
// shares disclosing drug (about 16%), alcohol (14%) and mental-health (43%) problems that the
// 2025 inspection found. Deterministic, so the demo looks the same on every machine, and safe
// to run twice (a month already held is left alone).
import type { Db } from "#db/connection";
import { custodyThroughput } from "#db/schema";
import { seededRandom, seedOf } from "./random";

type CentreProfile = {
  id: string;
  /** Typical detentions in a month. */
  monthly: number;
  /** Shares that disclose drug, alcohol and mental-health problems at this centre. */
  drugs: number;
  alcohol: number;
  mentalHealth: number;
  /** Months (counting back from the latest) for which the centre has counted disclosed need. */
  countsNeedFor?: number;
};

const centres: CentreProfile[] = [
  { id: "cc-northfirth", monthly: 430, drugs: 0.18, alcohol: 0.13, mentalHealth: 0.45 },
  { id: "cc-kelmoor", monthly: 210, drugs: 0.15, alcohol: 0.15, mentalHealth: 0.42 },
  { id: "cc-port-aird", monthly: 120, drugs: 0.13, alcohol: 0.17, mentalHealth: 0.4 },
  { id: "cc-westmuir", monthly: 380, drugs: 0.17, alcohol: 0.13, mentalHealth: 0.44 },
  { id: "cc-ardlachan", monthly: 95, drugs: 0.12, alcohol: 0.16, mentalHealth: 0.41 },
  // Glenbrae began counting disclosed need a year ago.
  { id: "cc-glenbrae", monthly: 160, drugs: 0.16, alcohol: 0.14, mentalHealth: 0.43, countsNeedFor: 12 },
];

/** More detentions in the summer and over the festive season, fewer in late winter. */
const seasonality = [0.92, 0.88, 0.96, 1.0, 1.04, 1.07, 1.09, 1.1, 1.0, 0.98, 0.95, 1.06];

const MONTHS = 24;

function monthsBack(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let back = count; back >= 1; back--) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  return months;
}

/** Writes the 24 complete months before `now` for each demo centre. */
export function seedDemoThroughput(db: Db, now: Date) {
  const months = monthsBack(now, MONTHS);
  const updatedAt = now.toISOString();
  const rows = centres.flatMap((centre) =>
    months.map((month, index) => {
      const { next } = seededRandom(seedOf(`${centre.id}:${month}`));
      const calendarMonth = Number(month.slice(5, 7)) - 1;
      // A gentle rise over the two years, and a little noise month to month.
      const trend = 0.96 + (0.06 * index) / MONTHS;
      const detentions = Math.round(centre.monthly * seasonality[calendarMonth] * trend * (0.94 + next() * 0.12));
      const share = (base: number) => Math.round(detentions * Math.max(0, base + (next() - 0.5) * 0.04));
      const countsNeed = centre.countsNeedFor === undefined || index >= MONTHS - centre.countsNeedFor;
      return {
        id: `demo-throughput-${centre.id}-${month}`,
        custodyCentreId: centre.id,
        month,
        detentions,
        disclosedDrugs: countsNeed ? share(centre.drugs) : null,
        disclosedAlcohol: countsNeed ? share(centre.alcohol) : null,
        disclosedMentalHealth: countsNeed ? share(centre.mentalHealth) : null,
        updatedAt,
      };
    }),
  );
  db.insert(custodyThroughput).values(rows).onConflictDoNothing().run();
}
