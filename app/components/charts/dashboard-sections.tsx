// The commissioners' figures laid out in the order of the pathway, shared by the dashboard and
// the printable report.
import type { FigureTable } from "~/domain/metrics/figure-table";
import { FigureTableView } from "./figure-table";
import { FunnelChart } from "./funnel-chart";
import { TrendChart } from "./trend-chart";
import type { ReactNode } from "react";

type Tables = Record<string, FigureTable>;
export type DashboardFigures = { funnel: FigureTable; trend: FigureTable; tables: Tables };

const groups = [
  { id: "custody", title: "In custody", tables: ["detentions", "referral-rate", "offers", "not-taken-up"] },
  { id: "workers", title: "Arrest referral workers", tables: ["referrals", "first-contact", "needs-profile"] },
  { id: "doors", title: "Where referrals come from", tables: ["referral-sources"] },
  {
    id: "services",
    title: "Services",
    tables: [
      "onward-by-kind",
      "service-responses",
      "first-appointments",
      "engagement",
      "waiting-times",
      "feedback",
      "overdue-feedback",
    ],
  },
  { id: "re-entry", title: "Re-entry to custody", tables: ["re-entry-90", "re-entry-180", "re-entry-365"] },
] as const;

function Group({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-group`} className="space-y-4 print:break-before-page">
      <h2 id={`${id}-group`} className="text-2xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Beside the funnel, not in it: custody's counts for the same months are of other people. */
function InCustody({ tables }: { tables: Tables }) {
  const custody = tables.detentions?.rows.find((r) => r.isTotal)?.cells;
  const offers = tables.offers?.rows.find((r) => r.isTotal)?.cells;
  if (!custody || !offers) return null;
  const items: [string, string][] = [
    ["Detained", custody.detentions.text],
    ["Disclosed drug problems", `${custody.disclosedDrugs.text} (${custody.shareDrugs.text})`],
    ["Disclosed alcohol problems", `${custody.disclosedAlcohol.text} (${custody.shareAlcohol.text})`],
    ["Disclosed mental-health problems", `${custody.disclosedMentalHealth.text} (${custody.shareMentalHealth.text})`],
    ["Offered arrest referral", offers.offersMade.text],
    ["Accepted the offer", offers.accepted.text],
  ];
  return (
    <aside aria-labelledby="in-custody-beside" className="rounded-md border border-slate-200 bg-slate-50 p-4">
      <h4 id="in-custody-beside" className="font-semibold">
        In custody in the same months
      </h4>
      <p className="text-sm text-slate-700">
        Counts of everyone booked in, from custody: not the people in the funnel, so not a step of it.
      </p>
      <dl className="mt-2 space-y-1">
        {items.map(([label, text]) => (
          <div key={label} className="flex justify-between gap-3">
            <dt>{label}</dt>
            <dd className="whitespace-nowrap font-semibold">{text}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

type DashboardSectionsProps = {
  dashboard: DashboardFigures;
  csvHref?: (id: string) => string;
  /** The page with every row of a table that had rows left off. */
  showAllHref?: (id: string) => string;
  /** The table shown whole on request. */
  shownWhole?: string;
  isReport?: boolean;
};

export function DashboardSections({
  dashboard,
  csvHref,
  showAllHref,
  shownWhole,
  isReport = false,
}: DashboardSectionsProps) {
  const view = (table: FigureTable, children?: ReactNode) => (
    <FigureTableView
      key={table.id}
      table={table}
      csvHref={csvHref?.(table.id)}
      showAllHref={showAllHref?.(table.id)}
      isShownWhole={table.id === shownWhole}
      isReport={isReport}
    >
      {children}
    </FigureTableView>
  );
  return (
    <div className="space-y-8">
      <nav aria-label="On this page" className="print:hidden">
        <h2 className="sr-only">On this page</h2>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          <li>
            <a href="#funnel">From referral to engagement</a>
          </li>
          <li>
            <a href="#trend">Month by month</a>
          </li>
          {groups.map((g) => (
            <li key={g.id}>
              <a href={`#${g.id}-group`}>{g.title}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Group id="pathway" title="The pathway">
        {view(
          dashboard.funnel,
          <div className="grid gap-6 lg:grid-cols-[minmax(0,28rem)_1fr]">
            <FunnelChart table={dashboard.funnel} />
            <InCustody tables={dashboard.tables} />
          </div>,
        )}
        {view(
          dashboard.trend,
          <div className="grid gap-6 xl:grid-cols-2">
            <TrendChart
              table={dashboard.trend}
              title="Referrals and onward referrals each month"
              series={[
                { column: "referrals", label: "Referrals" },
                { column: "onwardReferrals", label: "Onward referrals" },
                { column: "offersMade", label: "Offers made" },
              ]}
            />
            <TrendChart
              table={dashboard.trend}
              title="Referral rate each month (referrals ÷ detentions)"
              series={[{ column: "referralRate", label: "Referral rate" }]}
              isPercent
            />
          </div>,
        )}
      </Group>

      {groups.map((g) => (
        <Group key={g.id} id={g.id} title={g.title}>
          {g.tables.map((id) => (dashboard.tables[id] ? view(dashboard.tables[id]) : null))}
        </Group>
      ))}
    </div>
  );
}
