// The attacker: publishes many overlapping views of a generated dataset through the dashboard's
// own tables (single months, months one apart, custom two- and three-month ranges, quarters and
// the year; the whole country, police divisions, councils, ADPs and single centres that contain
// one another; every breakdown a table has) and, for every published cell whose true count is
// 1 to 4, tries every difference of two published cells that isolates it and every complement
// within a row (a part = its total − the other parts). The attacker knows the method and the
// perturbation table exactly, so from each published value it knows the set of true counts that
// could have produced it; a cell is recovered when all that it can work out leaves one value.
//
// The same attacker against exact counts with only 1 to 4 withheld ("<5") recovers most of them:
// the attack is real, and it is the perturbation that stops it.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { MAX_NOISE, perturbationRow, RECORD_KEY_RANGE } from "~/domain/disclosure";
import { figureTable, type DashboardInput } from "~/domain/metrics/dashboard.server";
import { monthlyFiguresForOneRead } from "~/domain/metrics/figures.server";
import type { Breakdown } from "~/domain/metrics/filter";
import { lastDayOf, resolvePeriod } from "~/domain/metrics/period";
import { createDemoWorldDb } from "../support/test-db";
import { seededRandom } from "#seed/random";

const NOW = new Date("2026-11-23T09:00:00Z");
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`);
const CENTRES = {
  "cc-northfirth": { division: "div-northfirth", la: "la-northfirth", providers: ["org-firth-recovery"] },
  "cc-kelmoor": { division: "div-northfirth", la: "la-kelmoor", providers: ["org-firth-recovery"] },
  "cc-port-aird": {
    division: "div-northfirth",
    la: "la-northfirth",
    providers: ["org-firth-recovery", "org-new-leaf"],
  },
  "cc-westmuir": { division: "div-westmuir", la: "la-westmuir", providers: ["org-new-leaf"] },
  "cc-ardlachan": { division: "div-westmuir", la: "la-ardlachan", providers: ["org-new-leaf"] },
  "cc-glenbrae": { division: "div-westmuir", la: "la-westmuir", providers: ["org-new-leaf"] },
} as const;
type CentreId = keyof typeof CENTRES;
const CENTRE_IDS = Object.keys(CENTRES) as CentreId[];
const ADPS: Record<string, string[]> = {
  "adp-northfirth-kelmoor": ["la-northfirth", "la-kelmoor"],
  "adp-westmuir": ["la-westmuir"],
  "adp-ardlachan": ["la-ardlachan"],
};
const PROVIDERS = ["org-firth-recovery", "org-new-leaf", "none"];

let db: Db;
/** A referral as recorded: its first contact, and the release time of its custody episode. */
type Referral = {
  centre: CentreId;
  month: string;
  provider: string;
  firstContactAt: string | null;
  releasedAt: string | null;
};
type Offer = { centre: CentreId; month: string; result: "accepted" | "declined" | "notFit" | "notOffered" };
const referrals: Referral[] = [];
const offers: Offer[] = [];

/** A small dataset: a few referrals and offers in each centre-month, so that many cells are small. */
function generate() {
  const random = seededRandom(15);
  // Record keys as the insert trigger gives them (uniform in the range), but from the seed, so the
  // test is the same every run.
  const recordKey = () => Math.floor(random.next() * RECORD_KEY_RANGE);
  let n = 0;
  const insert = db.$client.transaction(() => {
    for (const centre of CENTRE_IDS) {
      for (const month of MONTHS) {
        const howMany = random.int(0, 7);
        for (let i = 0; i < howMany; i++) {
          n += 1;
          const day = `${month}-${String(random.int(2, 27)).padStart(2, "0")}`;
          const at = `${day}T12:00:00.000Z`;
          const provider = random.chance(0.15) ? "none" : random.pick(CENTRES[centre].providers);
          const seen = random.weighted(["seenInCustody", "seenAfterRelease", "notSeen"] as const, [6, 2, 1]);
          // The times recorded for that outcome, in several shapes (chosen by n, so that the random
          // draws, and so the dataset's counts, are as before): no release recorded; a release at
          // the moment of contact; and the released-before-seen flag disagreeing with the times,
          // which the figures do not read.
          const shape = n % 3;
          const [firstContactAt, releasedAt, flag] = {
            seenInCustody: [
              [`${day}T13:00:00.000Z`, null, 0],
              [`${day}T13:00:00.000Z`, `${day}T15:00:00.000Z`, 0],
              [`${day}T13:00:00.000Z`, `${day}T15:00:00.000Z`, 1],
            ],
            seenAfterRelease: [
              [`${day}T14:00:00.000Z`, `${day}T14:00:00.000Z`, 1],
              [`${day}T18:30:00.000Z`, `${day}T14:00:00.000Z`, 1],
              [`${day}T18:30:00.000Z`, `${day}T14:00:00.000Z`, 0],
            ],
            notSeen: [
              [null, null, 0],
              [null, `${day}T14:00:00.000Z`, 1],
              [null, `${day}T14:00:00.000Z`, 0],
            ],
          }[seen][shape] as [string | null, string | null, number];
          db.run(sql`INSERT INTO people (id, given_name, family_name, date_of_birth, given_name_key, family_name_key)
            VALUES (${`P${n}`}, 'Test', ${`P${n}`}, '1990-01-01', 'test', ${`p${n}`})`);
          db.run(sql`INSERT INTO custody_episodes (id, person_id, custody_centre_id, custody_reference, arrived_at, released_at, disclosed_needs, recorded_by_user_id)
            VALUES (${`E${n}`}, ${`P${n}`}, ${centre}, ${`A/${n}`}, ${at}, ${releasedAt}, '[]', 'user-custody')`);
          db.run(sql`INSERT INTO arrest_referrals (id, person_id, custody_episode_id, custody_centre_id, state, assigned_organisation_id,
              created_by_user_id, created_at, updated_at, first_contact_at, released_before_seen, record_key)
            VALUES (${`R${n}`}, ${`P${n}`}, ${`E${n}`}, ${centre}, 'assessed', ${provider === "none" ? null : provider}, 'user-custody', ${at}, ${at},
              ${firstContactAt}, ${flag}, ${recordKey()})`);
          referrals.push({ centre, month, provider, firstContactAt, releasedAt });
        }
        const offerCount = random.int(0, 6);
        for (let i = 0; i < offerCount; i++) {
          n += 1;
          const at = `${month}-${String(random.int(2, 27)).padStart(2, "0")}T10:00:00.000Z`;
          const result = random.weighted(["accepted", "declined", "notFit", "notOffered"] as const, [5, 3, 1, 1]);
          const stored = { accepted: "accepted", declined: "declined", notFit: "not_fit", notOffered: "not_offered" }[
            result
          ];
          db.run(sql`INSERT INTO custody_offers (id, custody_centre_id, result, not_offered_reason, recorded_by_user_id, recorded_at, record_key)
            VALUES (${`O${n}`}, ${centre}, ${stored}, ${result === "notOffered" ? "released_quickly" : null}, 'user-custody', ${at}, ${recordKey()})`);
          offers.push({ centre, month, result });
        }
      }
    }
  });
  insert();
}

// ------------------------------------------------------------------ what is published

/** A cell's records: which centre, month and provider ("*" for any) they come from. */
type Atom = string;
const atom = (centre: string, month: string, provider: string) => `${centre}|${month}|${provider}`;
type Published = { column: string; atoms: Set<Atom>; signature: string; shown: number; truth: number };

const TABLES = {
  referrals: { columns: ["referrals", "seenInCustody", "seenAfterRelease", "notSeen"], byProvider: true },
  offers: { columns: ["offersMade", "accepted", "declined", "notFit", "notOffered"], byProvider: false },
} as const;
/** Within a row, the first column is the sum of the others. */
const ROW_SUMS: Record<keyof typeof TABLES, { total: string; parts: string[] }> = {
  referrals: { total: "referrals", parts: ["seenInCustody", "seenAfterRelease", "notSeen"] },
  offers: { total: "offersMade", parts: ["accepted", "declined", "notFit"] },
};

/**
 * Seen in custody or after release as docs/metrics.md defines it: by the first contact time
 * against the custody episode's release time (released at or before the contact: after release;
 * contact first, or no release recorded: in custody). Not by the released-before-seen flag.
 */
function seenOf(r: Referral): "seenInCustody" | "seenAfterRelease" | "notSeen" {
  if (r.firstContactAt === null) return "notSeen";
  return r.releasedAt !== null && Date.parse(r.releasedAt) <= Date.parse(r.firstContactAt)
    ? "seenAfterRelease"
    : "seenInCustody";
}

function truthOf(column: string, atoms: Set<Atom>): number {
  const inCell = (centre: string, month: string, provider: string) =>
    atoms.has(atom(centre, month, provider)) || atoms.has(atom(centre, month, "*"));
  if (column in { referrals: 1, seenInCustody: 1, seenAfterRelease: 1, notSeen: 1 }) {
    return referrals.filter(
      (r) => inCell(r.centre, r.month, r.provider) && (column === "referrals" || seenOf(r) === column),
    ).length;
  }
  // No offer here is offered again, so every not-fit offer counts (the figure leaves out re-offered ones).
  return offers.filter(
    (o) =>
      inCell(o.centre, o.month, "*") && (column === "offersMade" ? o.result !== "notOffered" : o.result === column),
  ).length;
}

/** Atoms with "*" providers spelled out, so that cells with and without a provider split compare. */
function expand(atoms: Set<Atom>, byProvider: boolean): Set<Atom> {
  if (!byProvider) return atoms;
  const out = new Set<Atom>();
  for (const a of atoms) {
    const [centre, month, provider] = a.split("|");
    if (provider === "*") for (const p of PROVIDERS) out.add(atom(centre, month, p));
    else out.add(a);
  }
  return out;
}

const centresOf = (areaIds: string[] | "all"): CentreId[] =>
  areaIds === "all"
    ? CENTRE_IDS
    : CENTRE_IDS.filter((c) =>
        areaIds.some(
          (a) => CENTRES[c].division === a || CENTRES[c].la === a || (ADPS[a] ?? []).includes(CENTRES[c].la),
        ),
      );

function periods() {
  const list: { from: string; to: string }[] = [];
  for (let i = 0; i < MONTHS.length; i++) {
    for (const length of [1, 2, 3]) {
      if (i + length <= MONTHS.length) list.push({ from: `${MONTHS[i]}-01`, to: lastDayOf(MONTHS[i + length - 1]) });
    }
  }
  list.push({ from: "2025-01-01", to: "2025-12-31" }, { from: "2025-01-01", to: "2025-06-30" });
  return list;
}

function publish(): Published[] {
  const published: Published[] = [];
  const views: { areaIds: string[] | "all"; breakdown: Breakdown }[] = [
    ...(["none", "centre", "division", "local_authority", "provider"] as const).map((breakdown) => ({
      areaIds: "all" as const,
      breakdown,
    })),
    ...[
      "div-northfirth",
      "div-westmuir",
      "la-northfirth",
      "la-kelmoor",
      "la-westmuir",
      "adp-northfirth-kelmoor",
    ].flatMap((area) => (["none", "centre"] as const).map((breakdown) => ({ areaIds: [area], breakdown }))),
  ];
  const period = resolvePeriod({ kind: "year", year: "2025" });
  for (const { from, to } of periods()) {
    const months = MONTHS.filter((m) => m >= from.slice(0, 7) && m <= to.slice(0, 7));
    for (const view of views) {
      const input: DashboardInput = {
        filter: { areaIds: view.areaIds, from, to, breakdown: view.breakdown, now: NOW },
        period,
      };
      const centres = centresOf(view.areaIds);
      for (const [id, spec] of Object.entries(TABLES) as [
        keyof typeof TABLES,
        (typeof TABLES)[keyof typeof TABLES],
      ][]) {
        if (view.breakdown === "provider" && !spec.byProvider) continue;
        const table = figureTable(db, id, input, monthlyFiguresForOneRead());
        for (const row of table.rows) {
          const rowCentres = row.isTotal
            ? centres
            : view.breakdown === "centre"
              ? centres.filter((c) => c === row.key)
              : view.breakdown === "division"
                ? centres.filter((c) => CENTRES[c].division === row.key)
                : view.breakdown === "local_authority"
                  ? centres.filter((c) => CENTRES[c].la === row.key)
                  : centres;
          const provider = !row.isTotal && view.breakdown === "provider" ? row.key : "*";
          const atoms = expand(
            new Set(rowCentres.flatMap((c) => months.map((m) => atom(c, m, provider)))),
            spec.byProvider,
          );
          const signature = [...atoms].sort().join(",");
          for (const column of spec.columns) {
            const cell = row.cells[column];
            if (cell.status !== "shown") throw new Error("a count is always shown");
            published.push({
              column: `${id}.${column}`,
              atoms,
              signature,
              shown: cell.value,
              truth: truthOf(column, atoms),
            });
          }
        }
      }
    }
  }
  return published;
}

// ------------------------------------------------------------------ the attack

/**
 * The true counts that could have been shown as `shown`, given the perturbation table; or, for
 * the comparison, under suppression of small counts alone (exact counts, 1 to 4 shown as "<5").
 */
function possibleTruths(shown: number, exact: boolean): number[] {
  if (exact) return shown >= 1 && shown <= 4 ? [1, 2, 3, 4] : [shown];
  const truths: number[] = [];
  for (let truth = Math.max(0, shown - MAX_NOISE - 1); truth <= shown + MAX_NOISE + 1; truth++) {
    if (perturbationRow(truth).some((r) => r.shown === shown && r.p > 0)) truths.push(truth);
  }
  return truths;
}

/** x − y − …, for each possible x, y, …: the values a combination of published cells allows. */
function combine(first: number[], minus: number[][]): Set<number> {
  let values = new Set(first);
  for (const subtracted of minus) {
    const next = new Set<number>();
    for (const v of values) for (const s of subtracted) next.add(v - s);
    values = next;
  }
  return values;
}

function attack(published: Published[], exact: boolean) {
  const shown = (p: Published) => (exact ? p.truth : p.shown);
  const bySignature = new Map<string, Published>();
  for (const p of published) bySignature.set(`${p.column}#${p.signature}`, p);
  const unique = [...bySignature.values()];
  const byColumn = new Map<string, Published[]>();
  for (const p of unique) byColumn.set(p.column, [...(byColumn.get(p.column) ?? []), p]);

  const targets = unique.filter((p) => p.truth >= 1 && p.truth <= 4);
  let attacked = 0;
  let recovered = 0;
  for (const target of targets) {
    let possible = new Set(possibleTruths(shown(target), exact));
    let isolated = false;
    const narrow = (values: Set<number>) => {
      isolated = true;
      possible = new Set([...possible].filter((v) => values.has(v)));
    };
    // A bigger cell less a smaller one that leaves exactly the target's records.
    for (const bigger of byColumn.get(target.column)!) {
      if (bigger.atoms.size <= target.atoms.size || ![...target.atoms].every((a) => bigger.atoms.has(a))) continue;
      const rest = [...bigger.atoms]
        .filter((a) => !target.atoms.has(a))
        .sort()
        .join(",");
      const smaller = bySignature.get(`${target.column}#${rest}`);
      if (smaller) narrow(combine(possibleTruths(shown(bigger), exact), [possibleTruths(shown(smaller), exact)]));
    }
    // Within the row: the target is its total less the other parts (or the total is the parts added up).
    const [table, column] = target.column.split(".") as [keyof typeof TABLES, string];
    const sum = ROW_SUMS[table];
    const same = (c: string) => bySignature.get(`${table}.${c}#${target.signature}`);
    if (sum.parts.includes(column)) {
      const total = same(sum.total);
      const others = sum.parts.filter((c) => c !== column).map(same);
      if (total && others.every(Boolean))
        narrow(
          combine(
            possibleTruths(shown(total), exact),
            others.map((o) => possibleTruths(shown(o!), exact)),
          ),
        );
    } else if (column === sum.total) {
      const parts = sum.parts.map(same);
      if (parts.every(Boolean)) {
        const [firstPart, ...restParts] = parts.map((p) => possibleTruths(shown(p!), exact));
        narrow(
          combine(
            firstPart,
            restParts.map((values) => values.map((v) => -v)),
          ),
        );
      }
    }
    if (isolated) attacked += 1;
    if (possible.size === 1) {
      expect([...possible][0]).toBe(target.truth); // the attacker's reasoning is sound
      recovered += 1;
    }
  }
  return { targets: targets.length, attacked, recovered };
}

describe("disclosure control against differencing", () => {
  let published: Published[];

  beforeAll(() => {
    db = createDemoWorldDb();
    generate();
    published = publish();
  }, 0);

  it("publishes no count of 1 to 4, and no count further than the bound from the truth", () => {
    expect(published.length).toBeGreaterThan(5000);
    const wrong = published.filter(
      (p) =>
        (p.shown >= 1 && p.shown <= 4) || Math.abs(p.shown - p.truth) > MAX_NOISE || (p.truth === 0 && p.shown !== 0),
    );
    expect(wrong).toEqual([]);
  }, 0);

  it("shows the same cell the same way in every view it appears in", () => {
    const seen = new Map<string, number>();
    const differing: string[] = [];
    for (const p of published) {
      const key = `${p.column}#${p.signature}`;
      if (seen.has(key) && seen.get(key) !== p.shown) differing.push(key);
      seen.set(key, p.shown);
    }
    expect(differing).toEqual([]);
    expect(seen.size).toBeLessThan(published.length / 2); // many cells appear in several views
  }, 0);

  it("lets no small count be worked out by differences of published cells", () => {
    const result = attack(published, false);
    console.log("perturbed", result);
    expect(result.targets).toBeGreaterThan(100);
    expect(result.attacked).toBeGreaterThan(100);
    expect(result.recovered).toBe(0);
  }, 0);

  it("is an attack that works on exact counts with small ones withheld", () => {
    const result = attack(published, true);
    console.log("small counts withheld only", result);
    expect(result.attacked).toBeGreaterThan(100);
    expect(result.recovered).toBeGreaterThan(result.targets / 3);
  }, 0);
});
