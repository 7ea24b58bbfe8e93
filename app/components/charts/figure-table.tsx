// A table of figures after disclosure control, with its definition one click away and a CSV
// download of exactly what it shows.
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import type { Cell } from "~/domain/disclosure";
import type { FigureTable } from "~/domain/metrics/figure-table";

export function FigureCell({ cell }: { cell: Cell }) {
  if (cell.status === "withheld")
    return <abbr title="Withheld: too few people for a median or percentile">{cell.text}</abbr>;
  if (cell.status === "no-data") return <span className="text-slate-700">{cell.text}</span>;
  return <>{cell.text}</>;
}

/** The definition of a table and of each of its columns. */
export function Definitions({ table, isOpen = false }: { table: FigureTable; isOpen?: boolean }) {
  const columns = table.columns.filter((c) => !c.hiddenOnPage);
  const body = (
    <div className="mt-2 space-y-2 text-sm sm:text-base">
      <p>{table.definition}</p>
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[minmax(10rem,auto)_1fr]">
        {columns.map((c) => (
          <div key={c.key} className="contents">
            <dt className="font-semibold">{c.label}</dt>
            <dd>{c.definition}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
  if (isOpen) return body;
  return (
    <details className="mt-1 print:hidden">
      <summary className="cursor-pointer font-semibold text-brand-700 underline underline-offset-2">
        What this means<span className="sr-only">: {table.title}</span>
      </summary>
      {body}
    </details>
  );
}

type FigureTableViewProps = {
  table: FigureTable;
  /** Where its CSV comes from; none in the printed report. */
  csvHref?: string;
  /** The page again with every row of this table, when rows were left off. */
  showAllHref?: string;
  /** Shown whole on request: focus moves to its heading, since the link that asked has gone. */
  isShownWhole?: boolean;
  headingLevel?: 2 | 3;
  /** In the printed report the definitions are written out, not behind a click. */
  isReport?: boolean;
  /** Shown under the heading, before the table: a chart, say. */
  children?: ReactNode;
};

export function FigureTableView({
  table,
  csvHref,
  showAllHref,
  isShownWhole = false,
  headingLevel = 3,
  isReport = false,
  children,
}: FigureTableViewProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (isShownWhole) heading.current?.focus();
  }, [isShownWhole]);
  const columns = table.columns.filter((c) => !c.hiddenOnPage);
  const headingId = `${table.id}-heading`;
  return (
    <section
      id={table.id}
      aria-labelledby={headingId}
      className="card break-inside-avoid print:border-0 print:p-0 print:shadow-none"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <Heading
          id={headingId}
          ref={heading}
          tabIndex={isShownWhole ? -1 : undefined}
          className="text-lg font-bold sm:text-xl"
        >
          {table.title}
        </Heading>
        {csvHref ? (
          <a href={csvHref} download className="button-secondary min-h-0 py-1 text-sm print:hidden">
            Download CSV<span className="sr-only">: {table.title}</span>
          </a>
        ) : null}
      </div>
      <Definitions table={table} isOpen={isReport} />
      {children}
      <ScrollsSideways label={table.title} className="mt-3">
        {table.rows.length === 1 ? (
          <SingleRowTable table={table} columns={columns} />
        ) : (
          <GroupedTable table={table} columns={columns} />
        )}
      </ScrollsSideways>
      <WithheldKey table={table} />
      {table.rowsLeftOff ? <RowsLeftOff table={table} showAllHref={showAllHref} hasCsv={Boolean(csvHref)} /> : null}
      {table.note ? <p className="mt-2 text-sm text-slate-700">{table.note}</p> : null}
    </section>
  );
}

/** What "[c]" means, written under every table that shows it (a tooltip reaches no phone or keyboard). */
export function WithheldKey({ table }: { table: FigureTable }) {
  const statuses = new Set(table.rows.flatMap((r) => Object.values(r.cells).map((c) => c.status)));
  if (!statuses.has("withheld")) return null;
  return (
    <p className="mt-2 text-sm text-slate-700">
      &ldquo;[c]&rdquo; means the figure is withheld: a median, percentile or rate is shown only when enough people are
      in it.
    </p>
  );
}

function RowsLeftOff({ table, showAllHref, hasCsv }: { table: FigureTable; showAllHref?: string; hasCsv: boolean }) {
  const shown = table.rows.filter((r) => !r.isTotal).length;
  const all = shown + table.rowsLeftOff!;
  return (
    <p className="mt-2 print:hidden">
      Showing the first {shown} of {all} rows{hasCsv ? "; the CSV has every row" : ""}.{" "}
      {showAllHref ? (
        <Link to={showAllHref} preventScrollReset className="font-semibold">
          Show all {all} rows<span className="sr-only">: {table.title}</span>
        </Link>
      ) : null}
    </p>
  );
}

type Columns = FigureTable["columns"];

// `.table th` styles column headings; a row heading reads like an ordinary cell.
const rowHeader = "!border-b !border-slate-200 !font-normal";

/** One row of figures reads better down the page than across it. */
function SingleRowTable({ table, columns }: { table: FigureTable; columns: Columns }) {
  const row = table.rows[0];
  return (
    <table className="table max-w-2xl">
      <caption className="sr-only">
        {table.title}: {row.label}
      </caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col" className="text-right">
            {row.label}
          </th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.key}>
            <th scope="row" className={rowHeader}>
              {c.label}
            </th>
            <td className="text-right tabular-nums" data-figure={`${table.id}:${row.key}:${c.key}`}>
              <FigureCell cell={row.cells[c.key]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GroupedTable({ table, columns }: { table: FigureTable; columns: Columns }) {
  return (
    <table className="table">
      <caption className="sr-only">{table.title}</caption>
      <thead>
        <tr>
          <th scope="col">{table.rowHeading}</th>
          {columns.map((c) => (
            <th key={c.key} scope="col" className="text-right">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr key={row.key} className={row.isTotal ? "bg-slate-50 font-semibold" : undefined}>
            <th scope="row" className={`${rowHeader} ${row.isTotal ? "!font-semibold" : ""}`}>
              {row.label}
            </th>
            {columns.map((c) => (
              <td key={c.key} className="text-right tabular-nums" data-figure={`${table.id}:${row.key}:${c.key}`}>
                <FigureCell cell={row.cells[c.key]} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
