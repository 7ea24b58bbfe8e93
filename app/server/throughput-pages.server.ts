// The custody throughput pages' server side, the same for an administrator (every centre,
// under /admin/throughput) and a custody officer (their force's centres, under
// /custody/throughput). Each route checks first that the user may use its side of Pathway;
// which centres they keep comes from "throughput:manage", so a centre outside them is never
// shown, saved, imported or put in the template.
import { data, redirect } from "@remix-run/node";
import { addMonths, formatMonth, formatShortMonth, isMonth, monthOf, monthsBetween } from "~/domain/metrics/period";
import { can, type Actor } from "~/domain/permissions";
import type {
  ThroughputEntryActionData,
  ThroughputEntryData,
  ThroughputImportActionData,
} from "~/domain/throughput-pages";
import {
  findThroughput,
  importThroughput,
  listCentresForThroughput,
  listThroughput,
  MAX_IMPORT_BYTES,
  saveThroughput,
  throughputEntrySchema,
  throughputTemplateCsv,
} from "~/domain/throughput.server";
import { parseForm } from "~/utils/forms";
import { assertPermission, type SignedIn } from "./auth.server";
import { getDb } from "./db.server";

type Keeper = Pick<SignedIn, "actor" | "audit">;

/** The centres whose throughput the user keeps, by name. */
function centresKeptBy(actor: Actor) {
  return listCentresForThroughput(getDb()).filter((c) =>
    can(actor, "throughput:manage", { type: "custodyCentre", id: c.id }),
  );
}

/** The entry page: the last 12 months held for the user's centres, and the month picked to change. */
export function throughputEntryPage(request: Request, actor: Actor, now = new Date()): ThroughputEntryData {
  const db = getDb();
  const url = new URL(request.url);
  const latest = addMonths(monthOf(now), -1);
  const months = monthsBetween(addMonths(latest, -11), latest).reverse();
  const centres = centresKeptBy(actor);
  const centreIds = new Set(centres.map((c) => c.id));
  const held = listThroughput(db, months[months.length - 1], months[0]).filter((h) => centreIds.has(h.custodyCentreId));

  // Changing a month starts from what is held for it.
  const editCentre = url.searchParams.get("centre") ?? "";
  const editMonth = url.searchParams.get("month") ?? "";
  const editing =
    centreIds.has(editCentre) && isMonth(editMonth) ? findThroughput(db, editCentre, editMonth) : undefined;
  const savedCentre = centres.find((c) => c.id === url.searchParams.get("saved"));
  const savedMonth = url.searchParams.get("savedMonth") ?? "";
  return {
    centres,
    months: months.map((m) => ({ value: m, label: formatShortMonth(m) })),
    held: held.map((h) => ({
      key: `${h.custodyCentreId}|${h.month}`,
      detentions: h.detentions,
      hasDisclosed: h.disclosedDrugs !== null,
    })),
    values: {
      custodyCentreId: editCentre,
      month: editMonth || latest,
      detentions: editing ? String(editing.detentions) : "",
      disclosedDrugs: editing?.disclosedDrugs?.toString() ?? "",
      disclosedAlcohol: editing?.disclosedAlcohol?.toString() ?? "",
      disclosedMentalHealth: editing?.disclosedMentalHealth?.toString() ?? "",
    },
    latestMonth: monthOf(now),
    notice:
      savedCentre && isMonth(savedMonth)
        ? {
            centreName: savedCentre.name,
            month: formatMonth(savedMonth),
            replaced: url.searchParams.get("replaced") === "1",
          }
        : null,
  };
}

/**
 * Saves the month posted from the entry page, then back to `basePath` saying so. A centre the
 * user does not keep is refused with 404, before anything else about the form is said.
 */
export async function saveThroughputEntry(request: Request, { actor, audit }: Keeper, basePath: string) {
  const formData = await request.formData();
  const posted = formData.get("custodyCentreId");
  if (typeof posted === "string" && posted.trim())
    assertPermission(actor, "throughput:manage", { type: "custodyCentre", id: posted.trim() });
  const form = parseForm(throughputEntrySchema(), formData);
  if (!form.ok) return data<ThroughputEntryActionData>({ errors: form.errors, values: form.values }, { status: 400 });
  const centre = centresKeptBy(actor).find((c) => c.id === form.data.custodyCentreId);
  if (!centre)
    return data<ThroughputEntryActionData>(
      { errors: { custodyCentreId: "Choose the custody centre" }, values: form.values },
      { status: 400 },
    );
  const { replaced } = saveThroughput(getDb(), audit, form.data);
  const params = new URLSearchParams({ saved: centre.id, savedMonth: form.data.month, replaced: replaced ? "1" : "0" });
  throw redirect(`${basePath}?${params}#saved`);
}

const TOO_LARGE = "The file is too large: a throughput file is at most 1 MB. Split it.";

/** Imports the posted file; a row for a centre the user does not keep is one of its problems. */
export async function importThroughputFile(request: Request, { actor, audit }: Keeper) {
  const declaredLength = Number(request.headers.get("Content-Length") ?? 0);
  if (declaredLength > MAX_IMPORT_BYTES + 10_000)
    return data<ThroughputImportActionData>({ outcome: "no-file", message: TOO_LARGE }, { status: 413 });
  const formData = await request.formData();
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data<ThroughputImportActionData>(
      { outcome: "no-file", message: "Choose a CSV file to import." },
      { status: 400 },
    );
  }
  if (file.size > MAX_IMPORT_BYTES)
    return data<ThroughputImportActionData>({ outcome: "no-file", message: TOO_LARGE }, { status: 413 });
  const kept = new Set(centresKeptBy(actor).map((c) => c.id));
  const imported = importThroughput(getDb(), audit, await file.text(), new Date(), kept);
  if (!imported.ok)
    return data<ThroughputImportActionData>(
      { outcome: "problems", fileName: file.name, problems: imported.problems },
      { status: 422 },
    );
  return data<ThroughputImportActionData>({ outcome: "imported", fileName: file.name, result: imported.result });
}

/** The CSV template, with a row for each centre the user keeps. */
export function throughputTemplate(actor: Actor): Response {
  const kept = new Set(centresKeptBy(actor).map((c) => c.id));
  return new Response(throughputTemplateCsv(getDb(), new Date(), kept), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="pathway_custody-throughput_template.csv"',
      "Cache-Control": "no-store",
    },
  });
}
