// The first screen's answers: one tile per question, each the protected figure for the period
// with the same figure for the periods it is compared with. Everything comes from the
// "headlines" table, so a tile shows exactly what its CSV and the tables below show.
import type { Cell } from "~/domain/disclosure";
import type { FigureRow, FigureTable } from "~/domain/metrics/figure-table";
import { Definitions, FigureCell } from "./figure-table";

type Tile = {
  title: string;
  column: string;
  /** What the figure is out of, from the current row. */
  detail: (cells: Record<string, Cell>) => string;
  /** A reference to read the figure against. */
  reference?: string;
  extra?: (cells: Record<string, Cell>) => string;
};

const of = (part: string, whole: string, words: string) => (cells: Record<string, Cell>) =>
  `${cells[part].text} of ${cells[whole].text} ${words}`;

const tiles: Tile[] = [
  {
    title: "Referral rate",
    column: "referralRate",
    detail: (c) => `${c.referrals.text} referrals, ${c.detentions.text} detentions`,
    reference: "Inspection's reference: about 1%",
    extra: (c) =>
      `Disclosed at booking: drugs ${c.shareDrugs.text}, alcohol ${c.shareAlcohol.text}, mental health ${c.shareMentalHealth.text}`,
  },
  {
    title: "Seen in custody",
    column: "seenInCustodyRate",
    detail: of("seenInCustody", "referrals", "referrals"),
  },
  {
    title: "Onward referrals accepted",
    column: "acceptanceRate",
    detail: (c) => `${c.accepted.text} accepted, ${c.declined.text} declined`,
  },
  {
    title: "First appointments attended",
    column: "attendanceRate",
    detail: of("attendedFirst", "withOutcome", "reported"),
  },
  {
    title: "Engaged at 12 weeks",
    column: "engaged12WeeksRate",
    detail: of("engaged12Weeks", "checked12Weeks", "12-week checks"),
  },
  {
    title: "Started treatment within 3 weeks",
    column: "withinStandardRate",
    detail: of("withinStandard", "waitsEnded", "who started"),
    reference: "Standard: 90%",
  },
  {
    title: "Feedback completeness",
    column: "completeness",
    detail: of("reported", "due", "reported within 28 days"),
  },
  {
    title: "Back in custody within 90 days: engaged",
    column: "engagedRate90",
    detail: of("engagedReentered90", "engagedReferrals90", "people"),
  },
  {
    title: "Back in custody within 90 days: did not engage",
    column: "notEngagedRate90",
    detail: of("notEngagedReentered90", "notEngagedReferrals90", "people"),
  },
];

function Comparisons({ rows, column }: { rows: FigureRow[]; column: string }) {
  return (
    <dl className="mt-3 space-y-1 border-t border-slate-200 pt-2 text-sm">
      {rows.map((row) => (
        <div key={row.key} className="flex justify-between gap-3">
          <dt className="text-slate-700">{row.label}</dt>
          <dd className="whitespace-nowrap font-semibold">
            <FigureCell cell={row.cells[column]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function HeadlineTiles({
  table,
  csvHref,
  overdueHref,
  overdue,
}: {
  table: FigureTable;
  csvHref?: string;
  overdueHref?: string;
  /** Feedback overdue now, all services together. */
  overdue?: Cell;
}) {
  const [current, ...earlier] = table.rows;
  return (
    <section aria-labelledby="headlines-heading" id="headlines" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="headlines-heading" className="text-2xl font-bold">
          {table.title}
        </h2>
        {csvHref ? (
          <a href={csvHref} download className="button-secondary min-h-0 py-1 text-sm print:hidden">
            Download CSV<span className="sr-only">: {table.title}</span>
          </a>
        ) : null}
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {tiles.map((tile) => (
          <li key={tile.column} className="card flex flex-col">
            <h3 className="font-semibold">{tile.title}</h3>
            <p className="mt-1 text-3xl font-bold text-slate-900">
              <FigureCell cell={current.cells[tile.column]} />
            </p>
            <p className="text-sm text-slate-700">{tile.detail(current.cells)}</p>
            {tile.reference ? <p className="text-sm font-semibold">{tile.reference}</p> : null}
            {tile.extra ? <p className="mt-1 text-sm">{tile.extra(current.cells)}</p> : null}
            {tile.column === "completeness" && overdue ? (
              <p className="mt-1 text-sm">
                Overdue now: <strong>{overdue.text}</strong>
                {overdueHref ? (
                  <>
                    {" "}
                    (<a href={overdueHref}>by service</a>)
                  </>
                ) : null}
              </p>
            ) : null}
            <Comparisons rows={earlier} column={tile.column} />
          </li>
        ))}
      </ul>
      <p className="text-sm">
        A return to custody is seen only when the person is booked into a custody centre that uses Pathway.
      </p>
      <Definitions table={table} />
    </section>
  );
}
