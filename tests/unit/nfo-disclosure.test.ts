// The attacker of disclosure-attack.test.ts, against the NFO group view: it publishes the view
// for many overlapping periods (months, two- and three-month ranges, half-year, year) and areas
// that contain one another (each council, each ADP, everything), and for every published cell
// whose true count is 1 to 4 tries every difference of two published cells that isolates it
// and every complement within a published table (total − the other areas). Knowing the
// perturbation table exactly, a cell is recovered when what it can work out leaves one value.
// The same attack on exact counts with only 1 to 4 withheld recovers many: the attack is real.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { MAX_NOISE, perturbationRow, RECORD_KEY_RANGE, STATISTIC_MIN_COUNT } from "~/domain/disclosure";
import { nfoFigures } from "~/domain/metrics/nfo.server";
import { lastDayOf } from "~/domain/metrics/period";
import { REPEAT_WITHIN_DAYS } from "~/domain/naloxone";
import { createDemoWorldDb, zeroRecordKeys } from "../support/test-db";
import { seededRandom } from "#seed/random";

const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`);
const LAS = ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"];
const PROVIDER: Record<string, string> = {
  "la-northfirth": "org-firth-recovery",
  "la-kelmoor": "org-firth-recovery",
  "la-westmuir": "org-new-leaf",
  "la-ardlachan": "org-new-leaf",
};
const VIEWS: Record<string, string[]> = {
  all: LAS,
  "adp-northfirth-kelmoor": ["la-northfirth", "la-kelmoor"],
  "adp-westmuir": ["la-westmuir"],
  "adp-ardlachan": ["la-ardlachan"],
  "la-northfirth": ["la-northfirth"],
  "la-kelmoor": ["la-kelmoor"],
  "la-westmuir": ["la-westmuir"],
};
const COLUMNS = ["nfos", "repeats", "contacted", "consented", "referredOn"] as const;
type Column = (typeof COLUMNS)[number];

type Nfo = { la: string; month: string; flags: Record<Column, boolean> };
const nfos: Nfo[] = [];
let db: Db;

function generate() {
  const random = seededRandom(29);
  const recordKey = () => Math.floor(random.next() * RECORD_KEY_RANGE);
  const earlier: { personId: string; la: string; atMs: number }[] = [];
  let n = 0;
  db.$client.transaction(() => {
    for (const month of MONTHS) {
      for (const la of LAS) {
        const howMany = random.int(0, 6);
        for (let i = 0; i < howMany; i++) {
          n += 1;
          const at = `${month}-${String(random.int(2, 27)).padStart(2, "0")}T${String(random.int(0, 23)).padStart(2, "0")}:30:00.000Z`;
          const atMs = Date.parse(at);
          const before = earlier.filter((e) => e.la === la && e.atMs < atMs);
          const again = before.length > 0 && random.chance(0.3) ? random.pick(before) : null;
          const personId = again?.personId ?? `NP${n}`;
          if (!again)
            db.run(sql`INSERT INTO people (id, given_name, family_name, date_of_birth, given_name_key, family_name_key, is_identified)
              VALUES (${personId}, '', '', '', '', '', 0)`);
          const isRepeat = earlier.some(
            (e) => e.personId === personId && e.atMs < atMs && e.atMs >= atMs - REPEAT_WITHIN_DAYS * 86400_000,
          );
          earlier.push({ personId, la, atMs });
          const contacted = random.chance(0.6);
          const consented = contacted && random.chance(0.6);
          const referredOn = consented && random.chance(0.6);
          const contactAt = contacted ? new Date(atMs + random.int(1, 96) * 3600_000).toISOString() : null;
          db.run(sql`INSERT INTO arrest_referrals (id, person_id, source, provider_organisation_id, police_organisation_id, area_id,
              state, awaiting_consent, created_by_user_id, created_at, updated_at, first_contact_at, record_key)
            VALUES (${`NR${n}`}, ${personId}, 'naloxone', ${PROVIDER[la]}, 'org-police', ${la}, 'follow_up', ${consented ? 0 : 1},
              'user-custody', ${at}, ${at}, ${contactAt}, ${recordKey()})`);
          if (referredOn)
            db.run(sql`INSERT INTO onward_referrals (id, arrest_referral_id, person_id, service_id, need_domain, created_by_user_id,
                referring_organisation_id, created_at, updated_at)
              VALUES (${`NO${n}`}, ${`NR${n}`}, ${personId}, 'svc-nads-treatment', 'drugs', 'user-worker', ${PROVIDER[la]}, ${at}, ${at})`);
          db.run(sql`INSERT INTO naloxone_reports (id, record_key, police_organisation_id, reported_by_user_id, administered_at, area_id,
              location_description, patient_state, paraphernalia_present, doses, ambulance_responded, taken_to_hospital, person_id,
              person_named_by_officer, arrest_referral_id, created_at)
            VALUES (${`NN${n}`}, ${recordKey()}, 'org-police', 'user-custody', ${at}, ${la}, 'A street', 'unresponsive', 1, 1, 1, 0,
              ${personId}, 0, ${`NR${n}`}, ${at})`);
          nfos.push({
            la,
            month,
            flags: { nfos: true, repeats: isRepeat, contacted, consented, referredOn },
          });
        }
      }
    }
  })();
}

type Atom = string;
type Published = { column: Column; atoms: Set<Atom>; signature: string; shown: number; truth: number; table: string };

function periods() {
  const list: { from: string; to: string }[] = [];
  for (let i = 0; i < MONTHS.length; i++)
    for (const length of [1, 2, 3])
      if (i + length <= MONTHS.length) list.push({ from: `${MONTHS[i]}-01`, to: lastDayOf(MONTHS[i + length - 1]) });
  list.push({ from: "2025-01-01", to: "2025-12-31" }, { from: "2025-01-01", to: "2025-06-30" });
  return list;
}

function publish(): Published[] {
  const published: Published[] = [];
  for (const { from, to } of periods()) {
    const months = MONTHS.filter((m) => m >= from.slice(0, 7) && m <= to.slice(0, 7));
    for (const [view, las] of Object.entries(VIEWS)) {
      const figures = nfoFigures(db, { areaIds: view === "all" ? "all" : [view], from, to });
      const table = `${view}:${from}:${to}`;
      for (const row of [...figures.areas, figures.total]) {
        const rowLas = row.areaId === "all" ? las : [row.areaId];
        const atoms = new Set(rowLas.flatMap((la) => months.map((m) => `${la}|${m}`)));
        const signature = [...atoms].sort().join(",");
        for (const column of COLUMNS) {
          const cell = row[column];
          if (cell.status !== "shown") throw new Error("a count is always shown");
          const truth = nfos.filter((x) => atoms.has(`${x.la}|${x.month}`) && x.flags[column]).length;
          published.push({ column, atoms, signature, shown: cell.value, truth, table });
        }
      }
    }
  }
  return published;
}

function possibleTruths(shown: number, exact: boolean): number[] {
  if (exact) return shown >= 1 && shown <= 4 ? [1, 2, 3, 4] : [shown];
  const truths: number[] = [];
  for (let truth = Math.max(0, shown - MAX_NOISE - 1); truth <= shown + MAX_NOISE + 1; truth++)
    if (perturbationRow(truth).some((r) => r.shown === shown && r.p > 0)) truths.push(truth);
  return truths;
}

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
  const tables = new Map<string, Published[]>();
  for (const p of published) tables.set(`${p.table}#${p.column}`, [...(tables.get(`${p.table}#${p.column}`) ?? []), p]);
  let attacked = 0;
  let recovered = 0;
  const targets = unique.filter((p) => p.truth >= 1 && p.truth <= 4);
  for (const target of targets) {
    let possible = new Set(possibleTruths(shown(target), exact));
    let isolated = false;
    const narrow = (values: Set<number>) => {
      isolated = true;
      possible = new Set([...possible].filter((v) => values.has(v)));
    };
    // A − B, where A holds the target's records and B the rest of A's.
    for (const a of unique) {
      if (a.column !== target.column || a.atoms.size <= target.atoms.size) continue;
      if (![...target.atoms].every((x) => a.atoms.has(x))) continue;
      const rest = [...a.atoms]
        .filter((x) => !target.atoms.has(x))
        .sort()
        .join(",");
      const b = bySignature.get(`${target.column}#${rest}`);
      if (b) narrow(combine(possibleTruths(shown(a), exact), [possibleTruths(shown(b), exact)]));
    }
    // Total − the other rows of a table the target is a row of.
    for (const [key, cells] of tables) {
      if (!key.endsWith(`#${target.column}`)) continue;
      const rows = cells.slice(0, -1);
      const total = cells[cells.length - 1];
      if (rows.length < 2 || !rows.some((r) => r.signature === target.signature)) continue;
      const others = rows.filter((r) => r.signature !== target.signature);
      narrow(
        combine(
          possibleTruths(shown(total), exact),
          others.map((o) => possibleTruths(shown(o), exact)),
        ),
      );
    }
    if (isolated) attacked += 1;
    if (possible.size === 1) {
      expect([...possible][0]).toBe(target.truth);
      recovered += 1;
    }
  }
  return { targets: targets.length, attacked, recovered };
}

describe("NFO group view: disclosure control against differencing", () => {
  let published: Published[];

  beforeAll(() => {
    db = createDemoWorldDb();
    generate();
    published = publish();
  }, 0);

  it("publishes no count of 1 to 4, none further than the bound from the truth, each cell the same everywhere", () => {
    expect(published.length).toBeGreaterThan(2000);
    const wrong = published.filter(
      (p) =>
        (p.shown >= 1 && p.shown <= 4) || Math.abs(p.shown - p.truth) > MAX_NOISE || (p.truth === 0 && p.shown !== 0),
    );
    expect(wrong).toEqual([]);
    const seen = new Map<string, number>();
    for (const p of published) {
      const key = `${p.column}#${p.signature}`;
      expect(seen.get(key) ?? p.shown, key).toBe(p.shown);
      seen.set(key, p.shown);
    }
  }, 0);

  it("lets no small count be worked out by differences of published cells", () => {
    const result = attack(published, false);
    expect(result.targets).toBeGreaterThan(50);
    expect(result.attacked).toBeGreaterThan(50);
    expect(result.recovered).toBe(0);
  }, 0);

  it("is an attack that works on exact counts with small ones withheld", () => {
    const result = attack(published, true);
    expect(result.recovered).toBeGreaterThan(result.targets / 4);
  }, 0);
});

describe("NFO group view: what it counts", () => {
  it("counts repeats within 90 days, time to first contact only on enough people, and nothing outside the areas", () => {
    const fresh = createDemoWorldDb();
    zeroRecordKeys(fresh);
    const add = (n: number, personId: string, at: string, la: string, contactAt: string | null) => {
      fresh.run(sql`INSERT OR IGNORE INTO people (id, given_name, family_name, date_of_birth, given_name_key, family_name_key)
        VALUES (${personId}, 'Test', 'Person', '1990-01-01', 'test', 'person')`);
      fresh.run(sql`INSERT INTO arrest_referrals (id, person_id, source, provider_organisation_id, area_id, state,
          created_by_user_id, created_at, updated_at, first_contact_at, record_key)
        VALUES (${`R${n}`}, ${personId}, 'naloxone', 'org-firth-recovery', ${la}, 'follow_up', 'user-custody', ${at}, ${at}, ${contactAt}, 0)`);
      fresh.run(sql`INSERT INTO naloxone_reports (id, record_key, police_organisation_id, reported_by_user_id, administered_at, area_id,
          patient_state, paraphernalia_present, doses, ambulance_responded, taken_to_hospital, person_id, person_named_by_officer,
          arrest_referral_id, created_at)
        VALUES (${`N${n}`}, 0, 'org-police', 'user-custody', ${at}, ${la}, 'drowsy', 0, 1, 1, 1, ${personId}, 1, ${`R${n}`}, ${at})`);
    };
    // Seven people in Northfirth reached two hours after their NFO; one of them again 60 days
    // later (a repeat), another 120 days later (not a repeat); one in Westmuir.
    for (let i = 0; i < 7; i++)
      add(i, `P${i}`, `2025-03-0${i + 1}T10:00:00.000Z`, "la-northfirth", `2025-03-0${i + 1}T12:00:00.000Z`);
    add(10, "P0", "2025-04-30T10:00:00.000Z", "la-northfirth", null);
    add(11, "P1", "2025-07-01T10:00:00.000Z", "la-northfirth", null);
    add(12, "PW", "2025-03-10T10:00:00.000Z", "la-westmuir", null);

    const figures = nfoFigures(fresh, { areaIds: ["adp-northfirth-kelmoor"], from: "2025-01-01", to: "2025-12-31" });
    expect(figures.areas.map((a) => a.areaId)).toEqual(["la-kelmoor", "la-northfirth"]);
    expect(figures.total.nfos.value).toBe(9);
    expect(figures.total.repeats.value).toBe(0); // 1 in truth: a count of 1 is never shown
    expect(figures.total.contacted.value).toBe(7);
    // 7 reached is fewer than STATISTIC_MIN_COUNT: no median of so few people.
    expect(STATISTIC_MIN_COUNT).toBeGreaterThan(7);
    expect(figures.total.medianHoursToContact.status).toBe("withheld");
    expect(figures.weeks.length).toBeGreaterThanOrEqual(52);

    for (let i = 20; i < 25; i++)
      add(i, `Q${i}`, `2025-05-0${i - 19}T10:00:00.000Z`, "la-northfirth", `2025-05-0${i - 19}T16:00:00.000Z`);
    for (let i = 30; i < 35; i++) add(i, `P${i - 30}`, `2025-05-1${i - 30}T10:00:00.000Z`, "la-northfirth", null);
    const more = nfoFigures(fresh, { areaIds: ["la-northfirth"], from: "2025-01-01", to: "2025-06-30" });
    expect(more.total.contacted.value).toBe(12);
    expect(more.total.medianHoursToContact.text).toBe("2.0 h");
    // P0 at 1 March, 30 April and 10 May; P1–P4 at 2–5 March and 11–14 May (within 90 days).
    expect(more.total.repeats.value).toBe(6);
  });
});
