// What a commissioner chooses to look at, read from the URL so that a view can be bookmarked
// and shared. Anything that does not parse falls back to the default rather than failing.
import { z } from "zod";
import { defaultPeriodSelection, isMonth, resolvePeriod, type Period, type PeriodSelection } from "./period";

export const BREAKDOWNS = ["none", "centre", "division", "local_authority", "provider", "service_kind"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const breakdownLabels: Record<Breakdown, string> = {
  none: "No breakdown",
  centre: "Custody centre",
  division: "Police division",
  local_authority: "Local authority",
  provider: "Provider",
  service_kind: "Kind of service",
};

/** What the metric functions are asked for. */
export type MetricFilter = {
  /** The areas whose custody centres count, or every area. */
  areaIds: readonly string[] | "all";
  /** First day of the period, YYYY-MM-DD. */
  from: string;
  /** Last day of the period, YYYY-MM-DD, included. */
  to: string;
  breakdown: Breakdown;
  /** Only these custody centres (within the areas): for working out the monthly figures. */
  centreIds?: readonly string[];
  /** "Now", for figures that wait for time to pass (feedback due, re-entry windows). */
  now?: Date;
};

const month = z.string().refine(isMonth);

const searchSchema = z.object({
  period: z.enum(["month", "quarter", "year", "custom"]).optional().catch(undefined),
  month: month.optional().catch(undefined),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional()
    .catch(undefined),
  year: z
    .string()
    .regex(/^\d{4}$/)
    .optional()
    .catch(undefined),
  from: month.optional().catch(undefined),
  to: month.optional().catch(undefined),
  breakdown: z.enum(BREAKDOWNS).catch("none"),
  area: z.string().max(100).optional().catch(undefined),
});

export type DashboardSearch = {
  selection: PeriodSelection;
  period: Period;
  breakdown: Breakdown;
  /** One funded area, or undefined for all of them. */
  areaId: string | undefined;
  /** No period was chosen: the default is shown (DEFAULT_PERIOD_NOTE says why it is that one). */
  isDefaultPeriod: boolean;
};

export function parseDashboardSearch(params: URLSearchParams, now: Date): DashboardSearch {
  const raw = searchSchema.parse(Object.fromEntries(params));
  const fallback = defaultPeriodSelection(now);
  let selection: PeriodSelection = fallback;
  if (raw.period === "month" && raw.month) selection = { kind: "month", month: raw.month };
  else if (raw.period === "quarter" && raw.quarter) selection = { kind: "quarter", quarter: raw.quarter };
  else if (raw.period === "year" && raw.year) selection = { kind: "year", year: raw.year };
  else if (raw.period === "custom" && raw.from) selection = { kind: "custom", from: raw.from, to: raw.to ?? raw.from };
  return {
    selection,
    period: resolvePeriod(selection),
    breakdown: raw.breakdown,
    areaId: raw.area || undefined,
    isDefaultPeriod: selection === fallback,
  };
}

/** The URL search that shows `search` again (for links, exports and the report). */
export function dashboardSearchParams(search: DashboardSearch): URLSearchParams {
  const params = new URLSearchParams();
  const s = search.selection;
  params.set("period", s.kind);
  if (s.kind === "month") params.set("month", s.month);
  if (s.kind === "quarter") params.set("quarter", s.quarter);
  if (s.kind === "year") params.set("year", s.year);
  if (s.kind === "custom") {
    params.set("from", s.from);
    params.set("to", s.to);
  }
  params.set("breakdown", search.breakdown);
  if (search.areaId) params.set("area", search.areaId);
  return params;
}
