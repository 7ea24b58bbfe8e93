// Importing custody throughput from a CSV file, and what came of it: the same for an
// administrator (every centre) and a custody officer (their force's centres). The route gives
// the frame; `basePath` is where the throughput page lives.
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SubmitButton } from "~/components/forms";
import { Notice } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { formatMonth } from "~/domain/metrics/period";
import type { ThroughputImportActionData } from "~/domain/throughput-pages";
import type { ImportProblem, ImportResult } from "~/domain/throughput.server";

export type { ThroughputImportActionData };

export function ThroughputImport({
  maxRows,
  actionData,
  basePath,
}: {
  maxRows: number;
  actionData?: ThroughputImportActionData;
  basePath: string;
}) {
  const reportRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (actionData) reportRef.current?.focus();
  }, [actionData]);

  return (
    <>
      <p className="mb-4">
        <Link to={basePath}>Back to custody throughput</Link>
      </p>

      <div ref={reportRef} tabIndex={-1} className="focus:outline-none">
        {actionData?.outcome === "imported" ? (
          <Imported fileName={actionData.fileName} result={actionData.result} />
        ) : null}
        {actionData?.outcome === "problems" ? (
          <Problems fileName={actionData.fileName} problems={actionData.problems} />
        ) : null}
        {actionData?.outcome === "no-file" ? (
          <div role="alert" className="mb-6 rounded-md border-4 border-red-700 bg-white p-4 font-semibold text-red-800">
            {actionData.message}
          </div>
        ) : null}
      </div>

      <section aria-labelledby="file-heading" className="card max-w-3xl">
        <h2 id="file-heading" className="text-xl font-bold">
          Choose a file
        </h2>
        <p className="mt-1">
          Start from the{" "}
          <a href={`${basePath}/template`} download>
            CSV template
          </a>
          , which has a row for each custody centre. One row is one centre's month:
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            <code className="font-semibold">centre_code</code>: the custody centre's code, like NFC.
          </li>
          <li>
            <code className="font-semibold">month</code>: year and month, like 2026-03.
          </li>
          <li>
            <code className="font-semibold">detentions</code>: people booked into custody in the month.
          </li>
          <li>
            <code className="font-semibold">disclosed_drugs</code>,{" "}
            <code className="font-semibold">disclosed_alcohol</code>,{" "}
            <code className="font-semibold">disclosed_mental_health</code>: how many disclosed each problem; leave empty
            if not counted.
          </li>
        </ul>
        <p className="mt-2">
          The whole file is checked first: if any row has a problem, nothing is imported and every problem is listed. A
          centre's month that is already held is replaced by the one in the file. At most{" "}
          {maxRows.toLocaleString("en-GB")} rows.
        </p>
        <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4">
          <div>
            <label htmlFor="throughput-file" className="block font-semibold">
              CSV file
            </label>
            <input
              id="throughput-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              className="mt-1 block w-full text-base"
            />
          </div>
          <SubmitButton pendingText="Checking the file…">Check and import</SubmitButton>
        </Form>
      </section>
    </>
  );
}

function Imported({ fileName, result }: { fileName: string; result: ImportResult }) {
  return (
    <Notice tone="success">
      <p className="font-semibold">
        Imported {result.imported} {result.imported === 1 ? "row" : "rows"} from {fileName}.
      </p>
      {result.replaced.length ? (
        <>
          <p className="mt-1">
            {result.replaced.length === 1 ? "This month was" : `These ${result.replaced.length} months were`} already
            held and {result.replaced.length === 1 ? "has" : "have"} been replaced:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {result.replaced.map((r) => (
              <li key={`${r.centreName}|${r.month}`}>
                {r.centreName}, {formatMonth(r.month)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-1">None of these months was held before.</p>
      )}
    </Notice>
  );
}

function Problems({ fileName, problems }: { fileName: string; problems: ImportProblem[] }) {
  return (
    <section
      role="alert"
      aria-labelledby="problems-heading"
      className="mb-6 rounded-md border-4 border-red-700 bg-white p-4"
    >
      <h2 id="problems-heading" className="text-lg font-bold text-red-800">
        Nothing was imported: {fileName} has {problems.length === 1 ? "a problem" : `${problems.length} problems`}
      </h2>
      <p className="mt-1">Fix them in the file and import the whole file again.</p>
      <ScrollsSideways label="Problems in the file" className="mt-3">
        <table className="table">
          <caption className="sr-only">Problems in the file, by row and column</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                <td className="tabular-nums">{p.row}</td>
                <td className="font-mono">{p.column || "(whole row)"}</td>
                <td>{p.problem}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollsSideways>
    </section>
  );
}
