// The referral workers' queue at the centres their provider covers, and the referrals from
// outside custody named to the provider (decision 014): people waiting in custody first (oldest
// first), then those with a worker, then community follow-up; closed cases on their own, most
// recently closed first.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { arrestReferrals, custodyCentres, custodyEpisodes, people, users } from "#db/schema";
import { referralSourceLabels } from "./referral-sources";

type QueueReach = { centreIds: string[]; providerOrganisationId: string };

/** The provider's cases: at the centres it covers, or named to it (one centre when chosen). */
function heldByProvider(reach: QueueReach, centreId?: string): SQL | undefined {
  if (centreId) return reach.centreIds.includes(centreId) ? eq(arrestReferrals.custodyCentreId, centreId) : undefined;
  const named = eq(arrestReferrals.providerOrganisationId, reach.providerOrganisationId);
  return reach.centreIds.length ? or(inArray(arrestReferrals.custodyCentreId, reach.centreIds), named) : named;
}

export type QueueFilter = "waiting" | "mine" | "follow_up" | "open" | "closed";

/** Who needs a worker first: waiting in custody, then with a worker, then follow-up. */
const queueGroup = sql`case ${arrestReferrals.state} when 'new' then 0 when 'claimed' then 1 when 'assessed' then 2 when 'follow_up' then 3 else 4 end`;

export function listQueue(
  db: Queryable,
  options: QueueReach & { workerId: string; filter: QueueFilter; centreId?: string },
) {
  const held = heldByProvider(options, options.centreId);
  if (!held) return [];
  const stateCondition = {
    waiting: eq(arrestReferrals.state, "new"),
    mine: and(
      eq(arrestReferrals.assignedWorkerId, options.workerId),
      inArray(arrestReferrals.state, ["claimed", "follow_up", "assessed"]),
    ),
    follow_up: eq(arrestReferrals.state, "follow_up"),
    open: inArray(arrestReferrals.state, ["new", "claimed", "follow_up"]),
    closed: eq(arrestReferrals.state, "closed"),
  }[options.filter];
  const order =
    options.filter === "closed"
      ? [desc(arrestReferrals.closedAt), desc(arrestReferrals.createdAt)]
      : [queueGroup, asc(arrestReferrals.createdAt)];

  return db
    .select({
      id: arrestReferrals.id,
      state: arrestReferrals.state,
      source: arrestReferrals.source,
      createdAt: arrestReferrals.createdAt,
      assignedWorkerId: arrestReferrals.assignedWorkerId,
      assignedWorkerName: users.name,
      centreId: custodyCentres.id,
      centreName: custodyCentres.name,
      disclosedNeeds: custodyEpisodes.disclosedNeeds,
      safetyNotes: custodyEpisodes.safetyNotes,
      releasedAt: custodyEpisodes.releasedAt,
      closedAt: arrestReferrals.closedAt,
      closureReason: arrestReferrals.closureReason,
      givenName: people.givenName,
      familyName: people.familyName,
      earlierReferralCount: sql<number>`(select count(*) from arrest_referrals earlier where earlier.person_id = ${arrestReferrals.personId} and earlier.created_at < ${arrestReferrals.createdAt})`,
    })
    .from(arrestReferrals)
    .leftJoin(custodyEpisodes, eq(custodyEpisodes.id, arrestReferrals.custodyEpisodeId))
    .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .leftJoin(users, eq(users.id, arrestReferrals.assignedWorkerId))
    .where(and(held, stateCondition))
    .orderBy(...order)
    .limit(200)
    .all()
    .map((r) => ({
      ...r,
      where: r.centreName ?? referralSourceLabels[r.source],
      disclosedNeeds: r.disclosedNeeds ?? [],
      safetyNotes: r.safetyNotes ?? "",
    }));
}

/** How many referrals wait for a worker (for the page title). */
export function countWaiting(db: Queryable, reach: QueueReach) {
  const held = heldByProvider(reach);
  if (!held) return 0;
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(arrestReferrals)
      .where(and(held, eq(arrestReferrals.state, "new")))
      .get()?.n ?? 0
  );
}
