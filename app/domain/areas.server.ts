// Areas: police divisions, local authorities and Alcohol and Drug Partnerships.
import { asc, inArray } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { areas } from "#db/schema";
import type { Actor } from "./permissions";

/** The areas a commissioner's figures cover (all of them for a national commissioner or an administrator). */
export function listFundedAreas(db: Queryable, actor: Actor) {
  const query = db.select({ id: areas.id, name: areas.name, kind: areas.kind }).from(areas);
  if (actor.fundsAllAreas || actor.role === "administrator")
    return query.orderBy(asc(areas.kind), asc(areas.name)).all();
  if (actor.areaIds.size === 0) return [];
  return query
    .where(inArray(areas.id, [...actor.areaIds]))
    .orderBy(asc(areas.kind), asc(areas.name))
    .all();
}
