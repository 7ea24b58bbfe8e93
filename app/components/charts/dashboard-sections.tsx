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
  {
    id: "services",
    title: "Services",
    tables: ["onward-by-kind", "service-responses", "first-appointments", "engagement", "waiting-times", "feedback"],
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
            <a href="#funnel">From custody to engagement</a>
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
        {view(dashboard.funnel, <FunnelChart table={dashboard.funnel} />)}
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
