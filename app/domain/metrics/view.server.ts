// What a commissioner's request asks for, in domain terms: which areas' figures, labelled how,
// for which period and breakdown. Shared by the dashboard, the printable report and the exports.
import { inArray } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { areas as areasTable } from "#db/schema";
import { listFundedAreas } from "../areas.server";
import { slugify } from "./csv";
import type { Actor } from "../permissions";
import type { DashboardInput } from "./dashboard.server";
import type { DashboardSearch } from "./filter";

export type AreaChoice = { id: string; name: string; kind: string };

export type CommissionerScope = {
  input: DashboardInput;
  /** The areas the person may choose from. */
  areas: AreaChoice[];
  areaLabel: string;
  /** For file names. */
  areaSlug: string;
  /** False when an area in the URL does not exist. */
  isKnownArea: boolean;
};

/** The funded areas at the top, by name: an ADP rather than each local authority inside it. */
function topLevelNames(db: Queryable, areas: { id: string; name: string }[]) {
  const funded = new Set(areas.map((a) => a.id));
  const parents = areas.length
    ? new Map(
        db
          .select({ id: areasTable.id, parent: areasTable.parentAreaId })
          .from(areasTable)
          .where(inArray(areasTable.id, [...funded]))
          .all()
          .map((a) => [a.id, a.parent]),
      )
    : new Map<string, string | null>();
  return areas
    .filter((a) => !funded.has(parents.get(a.id) ?? ""))
    .map((a) => a.name)
    .join(", ");
}

/** Everything the actor funds (all areas for a national commissioner or an administrator), or one area. */
export function commissionerScope(db: Queryable, actor: Actor, search: DashboardSearch, now: Date): CommissionerScope {
  const areas = listFundedAreas(db, actor);
  const seesAll = actor.fundsAllAreas || actor.role === "administrator";
  const chosen = search.areaId ? areas.find((a) => a.id === search.areaId) : undefined;
  const areaLabel = chosen
    ? chosen.name
    : seesAll
      ? "All areas"
      : `All your areas (${topLevelNames(db, areas) || "none"})`;
  return {
    input: {
      filter: {
        areaIds: chosen ? [chosen.id] : seesAll ? "all" : [...actor.areaIds],
        from: search.period.from,
        to: search.period.to,
        breakdown: search.breakdown,
        now,
      },
      period: search.period,
    },
    areas,
    areaLabel,
    areaSlug: chosen ? slugify(chosen.name) : seesAll ? "all-areas" : "all-your-areas",
    isKnownArea: !search.areaId || chosen !== undefined,
  };
}
