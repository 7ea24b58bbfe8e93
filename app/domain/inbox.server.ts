// A service's inbox: the onward referrals sent to the services an organisation runs.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { onwardReferrals, services } from "#db/schema";

export function listInbox(db: Queryable, serviceIds: string[]) {
  if (!serviceIds.length) return [];
  return db
    .select({
      id: onwardReferrals.id,
      status: onwardReferrals.status,
      needDomain: onwardReferrals.needDomain,
      priority: onwardReferrals.priority,
      createdAt: onwardReferrals.createdAt,
      serviceName: services.name,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(and(inArray(onwardReferrals.serviceId, serviceIds)))
    .orderBy(asc(sql`case ${onwardReferrals.status} when 'requested' then 0 else 1 end`), desc(onwardReferrals.createdAt))
    .limit(200)
    .all();
}
