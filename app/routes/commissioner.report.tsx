import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DashboardSections } from "~/components/charts/dashboard-sections";
import { HeadlineTiles } from "~/components/charts/headline-tiles";
import { DISCLOSURE_RULE } from "~/domain/disclosure";
import { runDashboard } from "~/domain/metrics/dashboard-runner.server";
import { breakdownLabels, dashboardSearchParams, parseDashboardSearch } from "~/domain/metrics/filter";
import { commissionerScope } from "~/domain/metrics/view.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Report: ${data.periodLabel}, ${data.areaLabel} · Pathway` : "Report · Pathway" },
];

export async function loader(args: LoaderFunctionArgs) {
  const { actor, organisation } = await requirePermission(args, "dashboard:view");
  const now = new Date();
  const search = parseDashboardSearch(new URL(args.request.url).searchParams, now);
  if (search.areaId) await requirePermission(args, "dashboard:view", { type: "area", id: search.areaId });
  const db = getDb();
  const scope = commissionerScope(db, actor, search, now);
  invariantResponse(scope.isKnownArea, "Not found", { status: 404 });
  const dashboard = await runDashboard(db, scope.input);
  return {
    dashboard: { funnel: dashboard.funnel, trend: dashboard.trend, tables: dashboard.tables },
    query: dashboardSearchParams(search).toString(),
    periodLabel: search.period.label,
    areaLabel: scope.areaLabel,
    breakdown: search.breakdown,
    organisationName: organisation.name,
    preparedAt: now.toISOString(),
  };
}

export default function CommissionerReport() {
  const { dashboard, query, periodLabel, areaLabel, breakdown, organisationName, preparedAt } =
    useLoaderData<typeof loader>();
  return (
    <article className="space-y-6 print:text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2 print:hidden">
        <Link to={`/commissioner?${query}`}>Back to the dashboard</Link>
        <PrintButton />
      </div>
      <header>
        <h1 className="page-title">Arrest referral: referral and outcome rates</h1>
        <p className="mt-1 text-lg">
          {periodLabel} · {areaLabel}
          {breakdown !== "none" ? ` · by ${breakdownLabels[breakdown].toLowerCase()}` : ""}
        </p>
        <p className="text-slate-700">
          Prepared for {organisationName} from Pathway on {formatDateTime(preparedAt)}.
        </p>
      </header>
      <section aria-labelledby="disclosure-heading" className="rounded-md border border-slate-300 p-4">
        <h2 id="disclosure-heading" className="font-bold">
          How small numbers are protected
        </h2>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {DISCLOSURE_RULE.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <div className="mb-8">
        <HeadlineTiles
          table={dashboard.tables.headlines}
          overdue={dashboard.tables["overdue-feedback"].rows.find((r) => r.isTotal)?.cells.overdue}
        />
      </div>
      <DashboardSections dashboard={dashboard} isReport />
    </article>
  );
}

function PrintButton() {
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      Print this report
    </button>
  );
}
