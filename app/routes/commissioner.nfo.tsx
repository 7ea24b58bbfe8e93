import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { DISCLOSURE_RULE, type Cell } from "~/domain/disclosure";
import { parseDashboardSearch } from "~/domain/metrics/filter";
import { nfoFigures, type NfoRow } from "~/domain/metrics/nfo.server";
import { periodOptions } from "~/domain/metrics/period";
import { commissionerScope } from "~/domain/metrics/view.server";
import { REPEAT_WITHIN_DAYS } from "~/domain/naloxone";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Near-fatal overdoses: ${data.periodLabel} · Pathway` : "Near-fatal overdoses · Pathway" },
];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "dashboard:view");
  const now = new Date();
  const search = parseDashboardSearch(new URL(args.request.url).searchParams, now);
  if (search.areaId) await requirePermission(args, "dashboard:view", { type: "area", id: search.areaId });
  const db = getDb();
  const scope = commissionerScope(db, actor, search, now);
  invariantResponse(scope.isKnownArea, "Not found", { status: 404 });
  const figures = nfoFigures(db, {
    areaIds: scope.input.filter.areaIds,
    from: search.period.from,
    to: search.period.to,
  });
  return {
    figures,
    periodLabel: search.period.label,
    areaLabel: scope.areaLabel,
    areaId: search.areaId ?? "",
    quarter: search.selection.kind === "quarter" ? search.selection.quarter : "",
    quarters: periodOptions(now).quarters,
    areas: scope.areas.map((a) => ({ id: a.id, name: a.name })),
  };
}

const columns: { key: keyof NfoRow; label: string }[] = [
  { key: "nfos", label: "NFOs" },
  { key: "repeats", label: `Repeat NFOs (same person within ${REPEAT_WITHIN_DAYS} days)` },
  { key: "contacted", label: "Reached by a worker" },
  { key: "contactedRate", label: "Reached (%)" },
  { key: "medianHoursToContact", label: "Median time to first contact" },
  { key: "consented", label: "Agreed to see a worker" },
  { key: "consentedRate", label: "Agreed, of those reached (%)" },
  { key: "referredOn", label: "Referred on to a service" },
];

export default function NfoGroupView() {
  const { figures, periodLabel, areaLabel, areaId, quarter, quarters, areas } = useLoaderData<typeof loader>();
  const { total } = figures;
  return (
    <>
      <p className="no-print mb-2">
        <Link to="/commissioner">Back to the dashboard</Link>
      </p>
      <PageHeader title="Near-fatal overdoses" lead={`${periodLabel} · ${areaLabel}`} />

      <Form method="get" className="card mb-6 grid gap-4 sm:grid-cols-3 sm:items-end" aria-label="What to show">
        <input type="hidden" name="period" value="quarter" />
        <div>
          <label htmlFor="nfo-quarter" className="block font-semibold">
            Period
          </label>
          <select id="nfo-quarter" name="quarter" defaultValue={quarter} className="input mt-1">
            {/* The period shown when it is not a quarter (the default year): the picker says so. */}
            {quarter ? null : <option value="">{periodLabel}</option>}
            {quarters.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="nfo-area" className="block font-semibold">
            Area
          </label>
          <select id="nfo-area" name="area" defaultValue={areaId} className="input mt-1">
            <option value="">All your areas</option>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="button">
            Show
          </button>
        </div>
      </Form>

      <section aria-labelledby="summary-heading" className="mb-6">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {(
            [
              ["Near-fatal overdoses", total.nfos],
              [`Repeat within ${REPEAT_WITHIN_DAYS} days`, total.repeats],
              ["Reached by a worker", total.contactedRate],
              ["Median time to first contact", total.medianHoursToContact],
            ] as const
          ).map(([label, cell]) => (
            <div key={label} className="card">
              <dt className="text-sm font-semibold text-slate-700">{label}</dt>
              <dd className="mt-1 text-2xl font-bold">{cell.text}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="map-heading" className="card mb-6">
        <h2 id="map-heading" className="text-xl font-bold">
          NFOs by area
        </h2>
        <p className="text-sm text-slate-700">Each tile is a local authority area; no places are shown.</p>
        <TileMap rows={figures.areas} />
      </section>

      <section aria-labelledby="areas-heading" className="card mb-6">
        <h2 id="areas-heading" className="text-xl font-bold">
          Follow-up by area
        </h2>
        <ScrollsSideways label="Follow-up by area" className="mt-3">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Area</th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className="text-right">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...figures.areas, total].map((row) => (
                <tr key={row.areaId} className={row.areaId === "all" ? "font-bold" : undefined}>
                  <th scope="row">{row.areaName}</th>
                  {columns.map((c) => (
                    <td key={c.key} className="text-right tabular-nums">
                      {(row[c.key] as Cell).text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollsSideways>
      </section>

      <section aria-labelledby="weeks-heading" className="card mb-6">
        <h2 id="weeks-heading" className="text-xl font-bold">
          NFOs by week
        </h2>
        {figures.weekAreas.length ? null : (
          <p className="text-sm text-slate-700">Choose one area to see its weeks area by area.</p>
        )}
        <ScrollsSideways label="NFOs by week" className="mt-3">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Week beginning</th>
                {figures.weekAreas.map((a) => (
                  <th key={a.id} scope="col" className="text-right">
                    {a.name}
                  </th>
                ))}
                <th scope="col" className="text-right">
                  All areas
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.weeks.map((w) => (
                <tr key={w.week}>
                  <th scope="row">{formatDate(w.week)}</th>
                  {figures.weekAreas.map((a) => (
                    <td key={a.id} className="text-right tabular-nums">
                      {w.byArea[a.id]?.text}
                    </td>
                  ))}
                  <td className="text-right tabular-nums">{w.total.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollsSideways>
      </section>

      <section aria-labelledby="rule-heading" className="mb-6 text-sm text-slate-700">
        <h2 id="rule-heading" className="font-bold">
          How these figures protect people
        </h2>
        {DISCLOSURE_RULE.map((p) => (
          <p key={p} className="mt-1">
            {p}
          </p>
        ))}
        <p className="mt-1">
          Weeks begin on Monday. A repeat NFO is one where the same person had another in the {REPEAT_WITHIN_DAYS} days
          before; people not yet identified are counted once they are.
        </p>
      </section>
    </>
  );
}

const SHADES = ["#f1f5f9", "#d5eaea", "#8cc3c3", "#2f8f8f", "#0b5656"];

/** A tile per area, shaded by its (perturbed) count: a map of areas without geography or points. */
function TileMap({ rows }: { rows: NfoRow[] }) {
  const columnsCount = Math.min(4, Math.max(1, rows.length));
  const width = 160;
  const height = 84;
  const gap = 8;
  const max = Math.max(0, ...rows.map((r) => r.nfos.value ?? 0));
  const shade = (v: number | null) =>
    v === null || v === 0 || max === 0 ? 0 : Math.min(4, 1 + Math.floor((v / max) * 3.99));
  const svgWidth = columnsCount * (width + gap) - gap;
  const svgHeight = Math.ceil(rows.length / columnsCount) * (height + gap) - gap;
  if (!rows.length) return <p className="mt-2">No areas.</p>;
  return (
    <svg
      viewBox={`0 0 ${svgWidth} ${svgHeight}`}
      // Never wider than its tiles: two areas must not be blown up to fill the page.
      style={{ maxWidth: svgWidth }}
      className="mt-3 w-full"
      role="img"
      aria-labelledby="tile-map-title"
    >
      <title id="tile-map-title">{rows.map((r) => `${r.areaName}: ${r.nfos.text}`).join("; ")}</title>
      {rows.map((r, i) => {
        const x = (i % columnsCount) * (width + gap);
        const y = Math.floor(i / columnsCount) * (height + gap);
        const level = shade(r.nfos.value);
        const dark = level >= 3;
        return (
          <g key={r.areaId} transform={`translate(${x} ${y})`}>
            <rect width={width} height={height} rx={6} fill={SHADES[level]} stroke="#64748b" strokeWidth={1} />
            <text x={10} y={26} fontSize={13} fontWeight={600} fill={dark ? "#ffffff" : "#0f172a"}>
              {r.areaName.length > 19 ? `${r.areaName.slice(0, 18)}…` : r.areaName}
            </text>
            <text x={10} y={64} fontSize={26} fontWeight={700} fill={dark ? "#ffffff" : "#0f172a"}>
              {r.nfos.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
