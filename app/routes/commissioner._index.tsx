import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DashboardSections } from "~/components/charts/dashboard-sections";
import { HeadlineTiles } from "~/components/charts/headline-tiles";
import { PageHeader } from "~/components/page";
import { DISCLOSURE_RULE } from "~/domain/disclosure";
import { runDashboard } from "~/domain/metrics/dashboard-runner.server";
import { isTableId } from "~/domain/metrics/dashboard.server";
import { BREAKDOWNS, breakdownLabels, dashboardSearchParams, parseDashboardSearch } from "~/domain/metrics/filter";
import { DEFAULT_PERIOD_NOTE, periodOptions, type PeriodOptions, type PeriodSelection } from "~/domain/metrics/period";
import { commissionerScope } from "~/domain/metrics/view.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Dashboard: ${data.periodLabel} · Pathway` : "Dashboard · Pathway" },
];

// The loader reports how long the figures took, for the browser's network panel.
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const timing = loaderHeaders.get("Server-Timing");
  return timing ? { "Server-Timing": timing } : new Headers();
};

/**
 * A long breakdown (every custody centre in the UK) shows its first rows on the page, so that it
 * stays quick to load and to read; `?all=<table>` shows every row of that one table.
 */
const PAGE_ROWS = 20;
const showAllSchema = z.object({ all: z.string().refine(isTableId).optional().catch(undefined) });

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "dashboard:view");
  const now = new Date();
  const searchParams = new URL(args.request.url).searchParams;
  const search = parseDashboardSearch(searchParams, now);
  const { all } = showAllSchema.parse(Object.fromEntries(searchParams));

  if (search.areaId) await requirePermission(args, "dashboard:view", { type: "area", id: search.areaId });
  const db = getDb();
  const scope = commissionerScope(db, actor, search, now);
  invariantResponse(scope.isKnownArea, "Not found", { status: 404 });
  const dashboard = await runDashboard(db, scope.input, { first: PAGE_ROWS, allOf: all });
  return data(
    {
      dashboard: { funnel: dashboard.funnel, trend: dashboard.trend, tables: dashboard.tables },
      query: dashboardSearchParams(search).toString(),
      shownWhole: all,
      selection: search.selection,
      periodNote: search.isDefaultPeriod ? DEFAULT_PERIOD_NOTE : null,
      breakdown: search.breakdown,
      areaId: search.areaId ?? "",
      periodLabel: search.period.label,
      areaLabel: scope.areaLabel,
      areas: scope.areas.map((a) => ({ id: a.id, name: a.name })),
      options: withSelection(periodOptions(now), search.selection, search.period.label),
    },
    {
      headers: {
        "Server-Timing": `metrics;desc="Dashboard figures (${dashboard.thread} thread)";dur=${dashboard.elapsedMs.toFixed(1)}`,
      },
    },
  );
}

/** A period picked from a bookmark may be older than the pickers offer: add it so it shows. */
function withSelection(options: PeriodOptions, selection: PeriodSelection, label: string): PeriodOptions {
  const add = (list: PeriodOptions["months"], value: string) =>
    list.some((o) => o.value === value) ? list : [{ value, label }, ...list];
  if (selection.kind === "month") return { ...options, months: add(options.months, selection.month) };
  if (selection.kind === "quarter") return { ...options, quarters: add(options.quarters, selection.quarter) };
  if (selection.kind === "year") return { ...options, years: add(options.years, selection.year) };
  return options;
}

const periodKinds = [
  { value: "month", label: "Month" },
  { value: "quarter", label: "Quarter" },
  { value: "year", label: "Financial year" },
  { value: "custom", label: "Months from … to …" },
] as const;

export default function CommissionerDashboard() {
  const {
    dashboard,
    query,
    shownWhole,
    selection,
    periodNote,
    breakdown,
    areaId,
    periodLabel,
    areaLabel,
    areas,
    options,
  } = useLoaderData<typeof loader>();
  const overdueNow = dashboard.tables["overdue-feedback"].rows.find((r) => r.isTotal)?.cells.overdue;

  return (
    <>
      <PageHeader
        title="Referral and outcome rates"
        lead={
          <>
            {periodLabel} · {areaLabel}
            {breakdown !== "none" ? ` · by ${breakdownLabels[breakdown].toLowerCase()}` : ""}
          </>
        }
        actions={
          <Link to={`/commissioner/report?${query}`} className="button-secondary">
            Printable report
          </Link>
        }
      />

      {periodNote ? <p className="mb-4 max-w-prose border-l-4 border-slate-400 pl-3">{periodNote}</p> : null}

      <div className="mb-8">
        <HeadlineTiles
          table={dashboard.tables.headlines}
          csvHref={`/commissioner/export/headlines?${query}`}
          overdue={overdueNow}
          overdueHref="#overdue-feedback"
        />
      </div>

      <Form method="get" className="card group mb-6 space-y-4" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="text-lg font-bold">
          What to show
        </h2>
        <fieldset>
          <legend className="font-semibold">Period</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {periodKinds.map((kind) => (
              <label
                key={kind.value}
                className="flex min-h-[2.75rem] items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="period"
                  id={`period-${kind.value}`}
                  value={kind.value}
                  defaultChecked={selection.kind === kind.value}
                  className="h-5 w-5 accent-brand-700"
                />
                {kind.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {/* Without scripts every picker shows; the chosen kind of period decides which counts. */}
          <div className="group-has-[#period-month:checked]:block group-has-[#period-quarter:checked]:hidden group-has-[#period-year:checked]:hidden group-has-[#period-custom:checked]:hidden">
            <label htmlFor="filter-month" className="block font-semibold">
              Month
            </label>
            <select
              id="filter-month"
              name="month"
              defaultValue={selection.kind === "month" ? selection.month : options.months[1]?.value}
              className="input mt-1"
            >
              {options.months.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="group-has-[#period-quarter:checked]:block group-has-[#period-month:checked]:hidden group-has-[#period-year:checked]:hidden group-has-[#period-custom:checked]:hidden">
            <label htmlFor="filter-quarter" className="block font-semibold">
              Quarter
            </label>
            <select
              id="filter-quarter"
              name="quarter"
              defaultValue={selection.kind === "quarter" ? selection.quarter : undefined}
              className="input mt-1"
            >
              {options.quarters.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="group-has-[#period-year:checked]:block group-has-[#period-month:checked]:hidden group-has-[#period-quarter:checked]:hidden group-has-[#period-custom:checked]:hidden">
            <label htmlFor="filter-year" className="block font-semibold">
              Financial year
            </label>
            <select
              id="filter-year"
              name="year"
              defaultValue={selection.kind === "year" ? selection.year : undefined}
              className="input mt-1"
            >
              {options.years.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row group-has-[#period-custom:checked]:flex group-has-[#period-month:checked]:hidden group-has-[#period-quarter:checked]:hidden group-has-[#period-year:checked]:hidden">
            <div className="min-w-0 flex-1">
              <label htmlFor="filter-from" className="block font-semibold">
                From month
              </label>
              <input
                id="filter-from"
                name="from"
                type="month"
                min="2000-01"
                max={options.months[0]?.value}
                defaultValue={selection.kind === "custom" ? selection.from : undefined}
                placeholder="2026-01"
                className="input mt-1"
              />
            </div>
            <div className="min-w-0 flex-1">
              <label htmlFor="filter-to" className="block font-semibold">
                To month
              </label>
              <input
                id="filter-to"
                name="to"
                type="month"
                min="2000-01"
                max={options.months[0]?.value}
                defaultValue={selection.kind === "custom" ? selection.to : undefined}
                placeholder="2026-03"
                className="input mt-1"
              />
            </div>
          </div>
        </div>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <label htmlFor="filter-area" className="block font-semibold">
              Area
            </label>
            <select id="filter-area" name="area" defaultValue={areaId} className="input mt-1">
              <option value="">All your areas</option>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-breakdown" className="block font-semibold">
              Break down by
            </label>
            <select id="filter-breakdown" name="breakdown" defaultValue={breakdown} className="input mt-1">
              {BREAKDOWNS.map((b) => (
                <option key={b} value={b}>
                  {breakdownLabels[b]}
                </option>
              ))}
            </select>
          </div>
          <div className="flex items-end">
            <button type="submit" className="button">
              Show figures
            </button>
          </div>
        </div>
      </Form>

      <section aria-labelledby="disclosure-heading" className="mb-6 rounded-md border-l-8 border-sky-700 bg-sky-50 p-4">
        <h2 id="disclosure-heading" className="font-bold">
          How small numbers are protected
        </h2>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {DISCLOSURE_RULE.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="mt-1">
          The same rule applies to the charts, the printable report and every CSV download. These pages hold no
          information about any one person.
        </p>
      </section>

      <DashboardSections
        dashboard={dashboard}
        csvHref={(id) => `/commissioner/export/${id}?${query}`}
        showAllHref={(id) => `/commissioner?${query}&all=${id}#${id}`}
        shownWhole={shownWhole}
      />
    </>
  );
}
