// One dashboard table as CSV, after the same disclosure control as the page.
import { figureTableCsv } from "~/domain/metrics/csv";
import { runFigureTable } from "~/domain/metrics/dashboard-runner.server";
import { isTableId } from "~/domain/metrics/dashboard.server";
import { breakdownLabels, parseDashboardSearch } from "~/domain/metrics/filter";
import { commissionerScope } from "~/domain/metrics/view.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "dashboard:view");
  const tableId = args.params.table ?? "";
  invariantResponse(isTableId(tableId), "Not found", { status: 404 });
  const now = new Date();
  const search = parseDashboardSearch(new URL(args.request.url).searchParams, now);
  if (search.areaId) await requirePermission(args, "dashboard:view", { type: "area", id: search.areaId });
  const db = getDb();
  const scope = commissionerScope(db, actor, search, now);
  invariantResponse(scope.isKnownArea, "Not found", { status: 404 });

  const table = await runFigureTable(db, tableId, scope.input);
  const breakdown = search.breakdown === "none" ? "" : `_by-${search.breakdown.replace(/_/g, "-")}`;
  const fileName = `pathway_${tableId}_${search.period.slug}_${scope.areaSlug}${breakdown}.csv`;
  const areas =
    search.breakdown === "none"
      ? scope.areaLabel
      : `${scope.areaLabel}, by ${breakdownLabels[search.breakdown].toLowerCase()}`;
  return new Response(figureTableCsv(table, { period: search.period.label, areas }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
