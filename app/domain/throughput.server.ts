// Custody throughput: detentions per custody centre per month (and, where known, how many
// disclosed drug, alcohol and mental-health problems), the denominator of the referral rate.
// Entered a month at a time or imported from CSV; a file is checked whole before anything is
// written, and a month already held is replaced, with the page saying which.
import { createHash } from "node:crypto";
import { and, asc, between, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "#db/connection";
import { custodyCentres, custodyThroughput, uploads } from "#db/schema";
import { addMonths, formatMonth, isMonth, monthOf } from "~/domain/metrics/period";
import { csvText } from "~/utils/csv";
import { parseCsv } from "~/utils/csv-read.server";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";

export const MAX_DETENTIONS_PER_MONTH = 100_000;
export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_BYTES = 1_000_000;

export const THROUGHPUT_COLUMNS = [
  "centre_code",
  "month",
  "detentions",
  "disclosed_drugs",
  "disclosed_alcohol",
  "disclosed_mental_health",
] as const;
const REQUIRED_COLUMNS = ["centre_code", "month", "detentions"] as const;

export type ThroughputFigures = {
  detentions: number;
  disclosedDrugs: number | null;
  disclosedAlcohol: number | null;
  disclosedMentalHealth: number | null;
};
export type ThroughputEntry = ThroughputFigures & { custodyCentreId: string; month: string };

// ------------------------------------------------------------------ checking input

const wholeNumber = (what: string, max = MAX_DETENTIONS_PER_MONTH) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `Enter ${what} as a whole number, like 412`)
    .transform(Number)
    .refine((n) => n <= max, `${what[0].toUpperCase()}${what.slice(1)} looks too large: check it`);

const optionalWholeNumber = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(wholeNumber(what).optional())
    .transform((v) => v ?? null);

/** A month, not after the current one. */
const monthField = (now: Date) =>
  z
    .string({ required_error: "Enter the month" })
    .trim()
    .min(1, "Enter the month")
    .refine(isMonth, "Enter the month as year and month, like 2026-03")
    .refine((m) => m >= "2000-01", "The month is too long ago: check it")
    .refine((m) => m <= monthOf(now), "The month is in the future: enter figures for months that have happened");

function figuresSchema(now: Date) {
  return z
    .object({
      month: monthField(now),
      detentions: z
        .string({ required_error: "Enter the number of detentions" })
        .trim()
        .min(1, "Enter the number of detentions")
        .pipe(wholeNumber("the number of detentions")),
      disclosedDrugs: optionalWholeNumber("the number who disclosed drug problems"),
      disclosedAlcohol: optionalWholeNumber("the number who disclosed alcohol problems"),
      disclosedMentalHealth: optionalWholeNumber("the number who disclosed mental-health problems"),
    })
    .superRefine((row, ctx) => {
      for (const key of ["disclosedDrugs", "disclosedAlcohol", "disclosedMentalHealth"] as const) {
        const value = row[key];
        if (value !== null && value > row.detentions) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [key],
            message: "This is more than the number of detentions",
          });
        }
      }
    });
}

/** The one-month form: a centre, a month and the figures. */
export function throughputEntrySchema(now = new Date()) {
  return z.intersection(
    z.object({
      custodyCentreId: z
        .string({ required_error: "Choose the custody centre" })
        .trim()
        .min(1, "Choose the custody centre"),
    }),
    figuresSchema(now),
  );
}

// ------------------------------------------------------------------ reading and saving

export function listCentresForThroughput(db: Queryable) {
  return db
    .select({ id: custodyCentres.id, name: custodyCentres.name, code: custodyCentres.code })
    .from(custodyCentres)
    .orderBy(asc(custodyCentres.name))
    .all();
}

/** The figures held for each centre and month from `fromMonth` to `toMonth`. */
export function listThroughput(db: Queryable, fromMonth: string, toMonth: string) {
  return db
    .select({
      custodyCentreId: custodyThroughput.custodyCentreId,
      month: custodyThroughput.month,
      detentions: custodyThroughput.detentions,
      disclosedDrugs: custodyThroughput.disclosedDrugs,
      disclosedAlcohol: custodyThroughput.disclosedAlcohol,
      disclosedMentalHealth: custodyThroughput.disclosedMentalHealth,
      updatedAt: custodyThroughput.updatedAt,
    })
    .from(custodyThroughput)
    .where(between(custodyThroughput.month, fromMonth, toMonth))
    .all();
}

export function findThroughput(db: Queryable, custodyCentreId: string, month: string) {
  return db
    .select()
    .from(custodyThroughput)
    .where(and(eq(custodyThroughput.custodyCentreId, custodyCentreId), eq(custodyThroughput.month, month)))
    .get();
}

/** Writes one centre's month, replacing what was held. Returns whether it replaced anything. */
function upsert(tx: Queryable, entry: ThroughputEntry, userId: string | null, at: string): boolean {
  const existing = findThroughput(tx, entry.custodyCentreId, entry.month);
  const figures = {
    detentions: entry.detentions,
    disclosedDrugs: entry.disclosedDrugs,
    disclosedAlcohol: entry.disclosedAlcohol,
    disclosedMentalHealth: entry.disclosedMentalHealth,
    updatedByUserId: userId,
    updatedAt: at,
  };
  if (existing) {
    tx.update(custodyThroughput).set(figures).where(eq(custodyThroughput.id, existing.id)).run();
    return true;
  }
  tx.insert(custodyThroughput)
    .values({ id: newId(), custodyCentreId: entry.custodyCentreId, month: entry.month, ...figures })
    .run();
  return false;
}

export function saveThroughput(
  db: Db,
  audit: ActorAudit,
  entry: ThroughputEntry,
  now = new Date(),
): { replaced: boolean } {
  return db.transaction((tx) => {
    const replaced = upsert(tx, entry, audit.userId, now.toISOString());
    recordAudit(tx, audit, {
      action: "custody-throughput.save",
      recordType: "custody_centre",
      recordId: entry.custodyCentreId,
      detail: { month: entry.month, replaced },
    });
    return { replaced };
  });
}

// ------------------------------------------------------------------ CSV import

export type ImportProblem = { row: number; column: string; problem: string };

export type CheckedImport =
  { ok: true; entries: (ThroughputEntry & { row: number })[] } | { ok: false; problems: ImportProblem[] };

const csvColumnFor: Record<string, string> = {
  month: "month",
  detentions: "detentions",
  disclosedDrugs: "disclosed_drugs",
  disclosedAlcohol: "disclosed_alcohol",
  disclosedMentalHealth: "disclosed_mental_health",
};

/**
 * Checks a whole file before anything is written: every problem, by row and column, so the
 * person can fix them all at once. Row numbers are as a spreadsheet shows them (the header is
 * row 1). With `onlyCentreIds`, a row for any other centre is a problem: police import only
 * their own force's centres.
 */
export function checkThroughputCsv(
  db: Queryable,
  text: string,
  now = new Date(),
  onlyCentreIds?: ReadonlySet<string>,
): CheckedImport {
  const read = parseCsv(text);
  if (!read.ok) return { ok: false, problems: [{ row: read.line, column: "", problem: read.problem }] };
  const lines = read.rows;
  const header = (lines[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (!lines.length || missing.length) {
    return {
      ok: false,
      problems: (missing.length ? missing : REQUIRED_COLUMNS).map((column) => ({
        row: 1,
        column,
        problem: "This column is missing from the header row. Start from the template.",
      })),
    };
  }
  const unknown = header.filter((h) => h && !(THROUGHPUT_COLUMNS as readonly string[]).includes(h));
  const problems: ImportProblem[] = unknown.map((column) => ({
    row: 1,
    column,
    problem: "This column is not one Pathway knows. Use the template's columns.",
  }));

  const centresByCode = new Map(listCentresForThroughput(db).map((c) => [c.code.toUpperCase(), c]));
  const schema = figuresSchema(now);
  const entries: (ThroughputEntry & { row: number })[] = [];
  const seen = new Map<string, number>();
  const dataRows = lines
    .slice(1)
    .map((fields, i) => ({ fields, row: i + 2 }))
    .filter(({ fields }) => fields.some((f) => f.trim() !== ""));
  if (!dataRows.length) problems.push({ row: 2, column: "", problem: "The file has no rows of figures." });
  if (dataRows.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      problems: [
        { row: MAX_IMPORT_ROWS + 2, column: "", problem: `A file can hold at most ${MAX_IMPORT_ROWS} rows; split it.` },
      ],
    };
  }

  for (const { fields, row } of dataRows) {
    const value = (column: string) => {
      const index = header.indexOf(column);
      return index === -1 ? "" : (fields[index] ?? "");
    };
    const code = value("centre_code").trim().toUpperCase();
    const centre = centresByCode.get(code);
    const isOwn = !onlyCentreIds || (centre !== undefined && onlyCentreIds.has(centre.id));
    if (!code) problems.push({ row, column: "centre_code", problem: "Enter the custody centre's code, like NFC." });
    else if (!centre)
      problems.push({ row, column: "centre_code", problem: `No custody centre has the code “${code}”.` });
    else if (!isOwn)
      problems.push({
        row,
        column: "centre_code",
        problem: `${centre.name} (${code}) is not one of your centres: enter figures only for your own.`,
      });

    const parsed = schema.safeParse({
      month: value("month"),
      detentions: value("detentions"),
      disclosedDrugs: value("disclosed_drugs"),
      disclosedAlcohol: value("disclosed_alcohol"),
      disclosedMentalHealth: value("disclosed_mental_health"),
    });
    if (!parsed.success) {
      const byColumn = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const column = csvColumnFor[String(issue.path[0])] ?? "";
        if (!byColumn.has(column)) byColumn.set(column, issue.message);
      }
      for (const [column, problem] of byColumn) problems.push({ row, column, problem });
      continue;
    }
    if (!centre || !isOwn) continue;
    const key = `${centre.id}|${parsed.data.month}`;
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({
        row,
        column: "month",
        problem: `Row ${earlier} already gives ${formatMonth(parsed.data.month)} at ${centre.name}.`,
      });
      continue;
    }
    seen.set(key, row);
    entries.push({ row, custodyCentreId: centre.id, ...parsed.data });
  }
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}

export type ImportResult = { imported: number; replaced: { centreName: string; month: string }[] };

/** Imports a checked file in one transaction, replacing any month already held for a centre. */
export function importThroughput(
  db: Db,
  audit: ActorAudit,
  text: string,
  now = new Date(),
  onlyCentreIds?: ReadonlySet<string>,
): { ok: true; result: ImportResult } | { ok: false; problems: ImportProblem[] } {
  const checked = checkThroughputCsv(db, text, now, onlyCentreIds);
  if (!checked.ok) return checked;
  const names = new Map(listCentresForThroughput(db).map((c) => [c.id, c.name]));
  const at = now.toISOString();
  const fileSha256 = createHash("sha256").update(text).digest("hex");
  const result = db.transaction((tx) => {
    const replaced: ImportResult["replaced"] = [];
    for (const entry of checked.entries) {
      if (upsert(tx, entry, audit.userId, at))
        replaced.push({ centreName: names.get(entry.custodyCentreId) ?? entry.custodyCentreId, month: entry.month });
    }
    tx.insert(uploads)
      .values({
        id: newId(),
        kind: "custody_throughput",
        organisationId: audit.organisationId,
        userId: audit.userId,
        fileSha256,
        rowCount: checked.entries.length,
        createdAt: at,
      })
      .run();
    recordAudit(tx, audit, {
      action: "custody-throughput.import",
      recordType: "upload",
      detail: { rows: checked.entries.length, replaced: replaced.length, fileSha256 },
    });
    return { imported: checked.entries.length, replaced };
  });
  return { ok: true, result };
}

/** A template to fill in: the header and a row per centre (of `onlyCentreIds`, if given) for last month. */
export function throughputTemplateCsv(db: Queryable, now = new Date(), onlyCentreIds?: ReadonlySet<string>): string {
  const lastMonth = addMonths(monthOf(now), -1);
  const centres = listCentresForThroughput(db).filter((c) => !onlyCentreIds || onlyCentreIds.has(c.id));
  return csvText([[...THROUGHPUT_COLUMNS], ...centres.map((c) => [c.code, lastMonth, "", "", "", ""])]);
}
