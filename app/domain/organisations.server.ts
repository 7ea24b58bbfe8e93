// Organisations and their links to centres, services and areas.
import { asc, count, eq } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { organisations, users } from "#db/schema";

export function listOrganisationsWithCounts(db: Queryable) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      isActive: organisations.isActive,
      userCount: count(users.id),
    })
    .from(organisations)
    .leftJoin(users, eq(users.organisationId, organisations.id))
    .groupBy(organisations.id)
    .orderBy(asc(organisations.kind), asc(organisations.name))
    .all();
}

export function findOrganisation(db: Queryable, organisationId: string) {
  return db.select().from(organisations).where(eq(organisations.id, organisationId)).get();
}
