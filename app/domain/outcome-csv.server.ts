// Uploading outcomes from a spreadsheet: the whole file is checked first against the
// organisation's own referrals and the transitions; then either every row applies, in one
// transaction, or none does. A row already recorded (same import key) is not counted twice.
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { consents, onwardReferrals, outcomeEvents, people, services, uploads } from "#db/schema";
import { csvText } from "~/utils/csv";
import { parseCsv } from "~/utils/csv-read.server";
import { ukDateOf } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { recordFrom } from "~/utils/keys";
import { recordAudit, type ActorAudit } from "./audit.server";
import { activeShareConsentJoin } from "./consents.server";
import { needLabels } from "./custody";
import { DomainError } from "./errors";
import { nextOnwardStatus, OPEN_ONWARD_STATUSES, type OutcomeEventInput } from "./onward-referral-states";
import {
  OUTCOME_CSV_COLUMNS,
  OUTCOME_CSV_MAX_BYTES,
  OUTCOME_CSV_MAX_ROWS,
  TEMPLATE_EXTRA_COLUMNS,
  errorReportCsv,
  parseOutcomeRow,
  type RowProblem,
} from "./outcome-csv";
import { applyOutcomeEvent } from "./outcomes.server";

export type OutcomeUploadResult =
  | { ok: true; rowCount: number; applied: number; alreadyRecorded: number; emptyRows: number; uploadId: string | null }
  | { ok: false; rowCount: number; problems: RowProblem[]; report: string };

/** The same row, however it was spaced or cased, always gives the same key. */
export function importKeyOf(onwardReferralId: string, event: OutcomeEventInput): string {
  const detail = Object.fromEntries(
    Object.entries(event)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v.trim().replace(/\s+/g, " ").toLowerCase() : v])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return `csv:${createHash("sha256")
    .update(JSON.stringify([onwardReferralId, detail]))
    .digest("hex")}`;
}

type CheckedRow = { row: number; onwardReferralId: string; event: OutcomeEventInput; importKey: string };

/** Checks every row; returns the rows to apply, or every problem found. Reads only. */
export function checkOutcomeCsv(db: Queryable, serviceIds: ReadonlySet<string>, text: string, now = new Date()) {
  const problems: RowProblem[] = [];
  const fail = (problem: RowProblem) => ({
    rows: [] as CheckedRow[],
    problems: [problem],
    rowCount: 0,
    alreadyRecorded: 0,
    emptyRows: 0,
  });
  if (text.length > OUTCOME_CSV_MAX_BYTES)
    return fail({
      row: 0,
      column: "",
      problem: `The file is larger than ${OUTCOME_CSV_MAX_BYTES / 1024 / 1024} MB: split it into smaller files.`,
    });
  const read = parseCsv(text);
  if (!read.ok) return fail({ row: read.line, column: "", problem: read.problem });
  const table = read.rows;
  if (!table.length) return fail({ row: 1, column: "", problem: "The file is empty." });
  const header = table[0].map((h) => h.trim().toLowerCase());
  for (const column of OUTCOME_CSV_COLUMNS.filter((c) => c.required)) {
    if (!header.includes(column.name))
      problems.push({
        row: 1,
        column: column.name,
        problem: "This column is missing from the first row (the headings).",
      });
  }
  if (problems.length) return { rows: [], problems, rowCount: 0, alreadyRecorded: 0, emptyRows: 0 };
  const dataRows = table.slice(1);
  if (dataRows.length > OUTCOME_CSV_MAX_ROWS)
    return fail({
      row: 0,
      column: "",
      problem: `The file has more than ${OUTCOME_CSV_MAX_ROWS} rows: split it into smaller files.`,
    });

  const parsed = dataRows.map((cells, index) =>
    parseOutcomeRow(index + 2, recordFrom(header.map((name, i) => [name, cells[i] ?? ""] as const))),
  );
  let emptyRows = 0;
  const candidates: { row: number; onwardReferralId: string; event: OutcomeEventInput }[] = [];
  for (const p of parsed) {
    if ("skip" in p) emptyRows += 1;
    else if ("problems" in p) problems.push(...p.problems);
    else candidates.push(p);
  }

  // Only the organisation's own referrals; another's is "not one of yours", never "exists".
  const ids = [...new Set(candidates.map((c) => c.onwardReferralId))];
  const referrals = new Map(
    (ids.length && serviceIds.size
      ? db
          .select()
          .from(onwardReferrals)
          .where(and(inArray(onwardReferrals.id, ids), inArray(onwardReferrals.serviceId, [...serviceIds])))
          .all()
      : []
    ).map((r) => [r.id, r]),
  );
  const keys = candidates.map((c) => importKeyOf(c.onwardReferralId, c.event));
  const recorded = new Set(
    keys.length
      ? db
          .select({ key: outcomeEvents.importKey })
          .from(outcomeEvents)
          .where(inArray(outcomeEvents.importKey, keys))
          .all()
          .map((r) => r.key)
      : [],
  );

  // Within each referral, events apply in date order (file order on the same day).
  const ordered = candidates
    .map((c, i) => ({ ...c, importKey: keys[i] }))
    .sort((a, b) => a.event.occurredOn.localeCompare(b.event.occurredOn) || a.row - b.row);
  const state = new Map<string, { status: (typeof onwardReferrals.$inferSelect)["status"]; hasAttended: boolean }>();
  const seen = new Set<string>();
  const rows: CheckedRow[] = [];
  let alreadyRecorded = 0;
  const today = ukDateOf(now);
  for (const c of ordered) {
    const referral = referrals.get(c.onwardReferralId);
    if (!referral) {
      problems.push({
        row: c.row,
        column: "onward_referral_id",
        problem: `“${c.onwardReferralId}” is not a referral to one of your services`,
      });
      continue;
    }
    if (recorded.has(c.importKey) || seen.has(c.importKey)) {
      alreadyRecorded += 1;
      continue;
    }
    seen.add(c.importKey);
    if (c.event.occurredOn > today) {
      problems.push({ row: c.row, column: "date", problem: "The date is in the future" });
      continue;
    }
    if (c.event.occurredOn < ukDateOf(new Date(referral.createdAt))) {
      problems.push({ row: c.row, column: "date", problem: "The date is before the referral was made" });
      continue;
    }
    const current = state.get(referral.id) ?? {
      status: referral.status,
      hasAttended: referral.firstAttendedAt !== null,
    };
    const change = nextOnwardStatus(current.status, c.event.kind, "service", {
      endReason: c.event.kind === "ended" ? c.event.endReason : undefined,
      hasAttended: current.hasAttended,
    });
    if (!change.ok) {
      problems.push({ row: c.row, column: "event", problem: change.message });
      continue;
    }
    state.set(referral.id, { status: change.status, hasAttended: current.hasAttended || c.event.kind === "attended" });
    rows.push(c);
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows, problems, rowCount: dataRows.length, alreadyRecorded, emptyRows };
}

/** Checks the file, then applies every row or none. */
export function importOutcomeCsv(
  db: Db,
  audit: ActorAudit,
  serviceIds: ReadonlySet<string>,
  text: string,
  now = new Date(),
): OutcomeUploadResult {
  const checked = checkOutcomeCsv(db, serviceIds, text, now);
  if (checked.problems.length)
    return {
      ok: false,
      rowCount: checked.rowCount,
      problems: checked.problems,
      report: errorReportCsv(checked.problems),
    };
  const fileSha256 = createHash("sha256").update(text).digest("hex");
  try {
    return db.transaction((tx) => {
      let applied = 0;
      for (const row of checked.rows) {
        const { kind, occurredOn, ...detail } = row.event;
        const result = applyOutcomeEvent(
          tx,
          audit,
          row.onwardReferralId,
          { kind, occurredOn, detail: stripUndefined(detail) },
          { source: "csv", importKey: row.importKey, now },
        );
        if (!result.skipped) applied += 1;
      }
      let uploadId: string | null = null;
      if (applied) {
        uploadId = newId();
        tx.insert(uploads)
          .values({
            id: uploadId,
            kind: "outcome_events",
            organisationId: audit.organisationId,
            userId: audit.userId,
            fileSha256,
            rowCount: applied,
            createdAt: now.toISOString(),
          })
          .run();
        recordAudit(tx, audit, {
          action: "outcome-upload.apply",
          recordType: "upload",
          recordId: uploadId,
          detail: { applied, rows: checked.rowCount },
        });
      }
      return {
        ok: true as const,
        rowCount: checked.rowCount,
        applied,
        alreadyRecorded: checked.alreadyRecorded,
        emptyRows: checked.emptyRows,
        uploadId,
      };
    });
  } catch (error) {
    // Someone changed a referral between the check and the save: nothing was applied.
    if (!(error instanceof DomainError)) throw error;
    const problems = [{ row: 0, column: "", problem: `${error.message} Nothing was recorded; upload the file again.` }];
    return { ok: false, rowCount: checked.rowCount, problems, report: errorReportCsv(problems) };
  }
}

function stripUndefined(detail: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined));
}

/** The template: the headings and one row per open referral, ready to fill in. */
export function outcomeCsvTemplate(db: Queryable, serviceIds: ReadonlySet<string>): string {
  const open = serviceIds.size
    ? db
        .select({
          id: onwardReferrals.id,
          serviceName: services.name,
          needDomain: onwardReferrals.needDomain,
          createdAt: onwardReferrals.createdAt,
          consentId: consents.id,
          givenName: people.givenName,
          familyName: people.familyName,
          dateOfBirth: people.dateOfBirth,
        })
        .from(onwardReferrals)
        .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
        .innerJoin(people, eq(people.id, onwardReferrals.personId))
        .leftJoin(consents, activeShareConsentJoin)
        .where(
          and(
            inArray(onwardReferrals.serviceId, [...serviceIds]),
            inArray(onwardReferrals.status, [...OPEN_ONWARD_STATUSES]),
          ),
        )
        .orderBy(asc(onwardReferrals.createdAt))
        .all()
    : [];
  const columns = [...OUTCOME_CSV_COLUMNS.map((c) => c.name), ...TEMPLATE_EXTRA_COLUMNS];
  const blanks = OUTCOME_CSV_COLUMNS.length - 1;
  const who = (o: (typeof open)[number]) =>
    o.consentId ? [`${o.givenName} ${o.familyName}`, o.dateOfBirth] : ["(not shared)", ""];
  return csvText([
    columns,
    ...open.map((o) => [
      o.id,
      ...Array(blanks).fill(""),
      ...who(o),
      o.serviceName,
      needLabels[o.needDomain],
      o.createdAt.slice(0, 10),
    ]),
  ]);
}

export function recentUploads(db: Queryable, organisationId: string) {
  return db
    .select({ id: uploads.id, createdAt: uploads.createdAt, rowCount: uploads.rowCount })
    .from(uploads)
    .where(and(eq(uploads.organisationId, organisationId), eq(uploads.kind, "outcome_events")))
    .orderBy(desc(uploads.createdAt))
    .limit(10)
    .all();
}
