import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ErrorSummary } from "~/components/forms";
import { Notice, PageHeader } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import {
  OUTCOME_CSV_COLUMNS,
  OUTCOME_CSV_MAX_BYTES,
  OUTCOME_CSV_MAX_ROWS,
  type RowProblem,
} from "~/domain/outcome-csv";
import { importOutcomeCsv, recentUploads } from "~/domain/outcome-csv.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Upload outcomes · Pathway" }];

const MAX_MB = OUTCOME_CSV_MAX_BYTES / 1024 / 1024;
const SHOWN_PROBLEMS = 200;

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requirePermission(args, "service-inbox:use");
  return { uploads: recentUploads(getDb(), organisation.id) };
}

type ActionData =
  | { ok: true; rowCount: number; applied: number; alreadyRecorded: number; emptyRows: number; fileName: string }
  | { ok: false; rowCount: number; problems: RowProblem[]; report: string; fileName: string; message?: string };

const refuse = (message: string, fileName = "") =>
  data<ActionData>({ ok: false, rowCount: 0, problems: [], report: "", fileName, message }, { status: 400 });

export async function action(args: ActionFunctionArgs) {
  const { actor, audit } = await requirePermission(args, "service-inbox:use");
  // Refuse an oversized upload before reading it.
  const length = Number(args.request.headers.get("Content-Length") ?? 0);
  if (length > OUTCOME_CSV_MAX_BYTES + 64 * 1024)
    return refuse(`The file is larger than ${MAX_MB} MB: split it into smaller files.`);
  const formData = await args.request.formData();
  const file = formData.get("file");
  if (!file || typeof file === "string" || file.size === 0) return refuse("Choose a CSV file to upload.");
  if (file.size > OUTCOME_CSV_MAX_BYTES)
    return refuse(`The file is larger than ${MAX_MB} MB: split it into smaller files.`, file.name);
  const result = importOutcomeCsv(getDb(), audit, actor.serviceIds, await file.text());
  if (!result.ok)
    return data<ActionData>({ ...result, problems: result.problems, fileName: file.name }, { status: 422 });
  return data<ActionData>({
    ok: true,
    rowCount: result.rowCount,
    applied: result.applied,
    alreadyRecorded: result.alreadyRecorded,
    emptyRows: result.emptyRows,
    fileName: file.name,
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export default function UploadOutcomes() {
  const { uploads } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const isUploading =
    navigation.state === "submitting" && navigation.formAction?.startsWith("/service/uploads") === true;
  const [chosen, setChosen] = useState<{ name: string; size: number; rows: number | null } | null>(null);
  const isTooLarge = chosen !== null && chosen.size > OUTCOME_CSV_MAX_BYTES;
  const problemsRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (result && !result.ok && result.problems.length) problemsRef.current?.focus();
  }, [result]);

  return (
    <>
      <p className="mb-2">
        <Link to="/service/inbox">Back to the inbox</Link>
      </p>
      <PageHeader
        title="Upload outcomes"
        lead="Record outcomes for many referrals at once from a spreadsheet saved as CSV."
      />

      {result?.ok ? (
        <Notice tone="success">
          <p className="font-semibold">
            {result.applied
              ? `Recorded ${plural(result.applied, "outcome event")} from ${result.fileName}.`
              : `Nothing new in ${result.fileName}.`}
          </p>
          {result.alreadyRecorded ? (
            <p>
              {plural(result.alreadyRecorded, "row was", "rows were")} already recorded before and not counted again.
            </p>
          ) : null}
          {result.emptyRows ? (
            <p>
              {plural(result.emptyRows, "row had", "rows had")} no event and {result.emptyRows === 1 ? "was" : "were"}{" "}
              skipped.
            </p>
          ) : null}
        </Notice>
      ) : null}
      {result && !result.ok && result.message ? (
        <ErrorSummary errors={{ file: result.message }} labels={{ file: "CSV file" }} />
      ) : null}
      {result && !result.ok && result.problems.length ? (
        <section
          ref={problemsRef}
          aria-labelledby="problems-heading"
          tabIndex={-1}
          className="mb-6 rounded-md border-4 border-red-700 bg-white p-4"
        >
          <h2 id="problems-heading" className="text-lg font-bold text-red-800">
            Nothing was recorded: {plural(result.problems.length, "problem")} in {result.fileName}
          </h2>
          <p className="mt-1">
            Correct these rows in your spreadsheet and upload the whole file again. Rows already recorded are never
            counted twice.
          </p>
          <p className="mt-2">
            <a
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(result.report)}`}
              download="outcome-upload-problems.csv"
              className="button-secondary"
            >
              Download the list of problems (CSV)
            </a>
          </p>
          <ScrollsSideways label="Problems by row" className="mt-3">
            <table className="table">
              <caption className="sr-only">Problems by row</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                  <tr key={`${p.row}-${p.column}-${i}`}>
                    <td>{p.row || "File"}</td>
                    <td className="font-mono">{p.column}</td>
                    <td>{p.problem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollsSideways>
          {result.problems.length > SHOWN_PROBLEMS ? (
            <p className="mt-2">The first {SHOWN_PROBLEMS} are shown; the download lists them all.</p>
          ) : null}
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <section aria-labelledby="upload-heading" className="card lg:col-span-2">
          <h2 id="upload-heading" className="text-xl font-bold">
            Upload a file
          </h2>
          <ol className="mt-2 list-decimal space-y-1 pl-5">
            <li>
              <a href="/service/uploads/template" download>
                Download the template
              </a>
              : it lists your open referrals.
            </li>
            <li>Fill in an event and a date for each thing that happened; leave other rows empty.</li>
            <li>Save as CSV and upload it here.</li>
          </ol>
          <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4">
            <div>
              <label htmlFor="field-file" className="block font-semibold">
                CSV file
              </label>
              <p id="field-file-hint" className="text-sm text-slate-700">
                Up to {MAX_MB} MB and {OUTCOME_CSV_MAX_ROWS.toLocaleString("en-GB")} rows.
              </p>
              <input
                id="field-file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-describedby="field-file-hint field-file-status"
                className="mt-1 block w-full text-base file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-2 file:font-semibold"
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  if (!file) return setChosen(null);
                  setChosen({ name: file.name, size: file.size, rows: null });
                  if (file.size <= OUTCOME_CSV_MAX_BYTES) {
                    void file.text().then((text) => {
                      const rows = text.split(/\r\n|\n|\r/).filter((line) => line.trim()).length - 1;
                      setChosen((c) => (c && c.name === file.name ? { ...c, rows: Math.max(0, rows) } : c));
                    });
                  }
                }}
              />
              <p
                id="field-file-status"
                aria-live="polite"
                className={`mt-1 text-sm ${isTooLarge ? "font-semibold text-red-800" : "text-slate-700"}`}
              >
                {chosen
                  ? isTooLarge
                    ? `${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MB: the limit is ${MAX_MB} MB. Split it into smaller files.`
                    : `${chosen.name}: ${Math.ceil(chosen.size / 1024)} KB${chosen.rows !== null ? `, about ${plural(chosen.rows, "row")}` : ""}.`
                  : ""}
              </p>
            </div>
            {isUploading ? (
              <div role="status" className="space-y-2">
                <p className="font-semibold">
                  Uploading and checking{" "}
                  {chosen?.rows !== null && chosen?.rows !== undefined ? plural(chosen.rows, "row") : "the file"}…
                  Nothing is recorded unless every row is right.
                </p>
                <progress className="h-3 w-full" aria-label="Checking the file" />
              </div>
            ) : null}
            <button type="submit" className="button" disabled={isUploading || isTooLarge}>
              {isUploading ? "Checking…" : "Upload and check"}
            </button>
          </Form>
          {uploads.length ? (
            <>
              <h3 className="mt-6 font-bold">Recent uploads</h3>
              <ul className="mt-1 text-sm">
                {uploads.map((u) => (
                  <li key={u.id}>
                    {formatDateTime(u.createdAt)}: {plural(u.rowCount, "event")} recorded
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section aria-labelledby="columns-heading" className="card overflow-x-auto lg:col-span-3">
          <h2 id="columns-heading" className="text-xl font-bold">
            Columns
          </h2>
          <p className="mt-1 text-slate-700">
            The first row holds these headings, in any order. Other columns (the template&apos;s service, need and
            referred_on) are ignored.
          </p>
          <table className="table mt-3">
            <thead>
              <tr>
                <th scope="col">Heading</th>
                <th scope="col">What goes in it</th>
              </tr>
            </thead>
            <tbody>
              {OUTCOME_CSV_COLUMNS.map((c) => (
                <tr key={c.name}>
                  <td className="font-mono">
                    {c.name}
                    {c.required ? <span className="block font-sans text-sm text-slate-700">required</span> : null}
                  </td>
                  <td>{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
