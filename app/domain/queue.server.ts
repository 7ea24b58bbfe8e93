// The referral workers' queue at the centres their provider covers, and the referrals from
// outside custody named to the provider (decision 014), in the order `queueOrder` decides;
// closed cases on their own, most recently closed first.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { preparedPerConnection, type Queryable } from "#db/connection";
import {
  arrestReferrals,
  custodyCentres,
  custodyEpisodes,
  naloxoneReports,
  people,
  queueVersions,
  REFERRAL_STATES,
  users,
} from "#db/schema";
import { CUSTODY_CLOCK_HOURS, QUEUE_MOST_SHOWN, QUEUE_NEWEST_NAMED, QUEUE_PAGE_SIZE, custodyClockEnds } from "./queue";
import { referralSourceLabels } from "./referral-sources";

type QueueReach = { centreIds: string[]; providerOrganisationId: string };

/** The provider's cases: at the centres it covers, or named to it (one centre when chosen). */
function heldByProvider(reach: QueueReach, centreId?: string): SQL | undefined {
  if (centreId) return reach.centreIds.includes(centreId) ? eq(arrestReferrals.custodyCentreId, centreId) : undefined;
  const named = eq(arrestReferrals.providerOrganisationId, reach.providerOrganisationId);
  return reach.centreIds.length ? or(inArray(arrestReferrals.custodyCentreId, reach.centreIds), named) : named;
}

export type QueueFilter = "waiting" | "mine" | "follow_up" | "open" | "closed";

/** An NFO follow-up nobody has yet reached and heard agree (decision 029). */
const nfoNotYetReached = sql`(${arrestReferrals.source} = 'naloxone' and ${arrestReferrals.awaitingConsent} = 1 and ${arrestReferrals.state} <> 'closed')`;
/** When the person's time began: arrival in custody, or when a referral from outside custody was made. */
const arrivedOrMade = sql`coalesce(${custodyEpisodes.arrivedAt}, ${arrestReferrals.createdAt})`;

/**
 * Who needs a worker first (decisions 029 and 035): a near-fatal overdose follow-up not yet
 * reached, then people waiting who are still within the custody clock, longest in custody first
 * (the nearest to release); then those waiting past it, who have most likely gone unrecorded;
 * then with a worker, assessed, follow-up. The one place the queue's order is decided: a new kind
 * of case that must come first gets a rank here. Needs `custodyEpisodes` joined.
 */
export function queueOrder(now: Date): SQL[] {
  const clockStartedAfter = new Date(now.getTime() - CUSTODY_CLOCK_HOURS * 3_600_000).toISOString();
  const rank = sql`case
    when ${nfoNotYetReached} then 0
    when ${arrestReferrals.state} = 'new' and ${custodyEpisodes.releasedAt} is null and ${arrivedOrMade} >= ${clockStartedAfter} then 1
    when ${arrestReferrals.state} = 'new' then 2
    when ${arrestReferrals.state} = 'claimed' then 3
    when ${arrestReferrals.state} = 'assessed' then 4
    when ${arrestReferrals.state} = 'follow_up' then 5
    else 6 end`;
  // The id last: pages never repeat or skip a row when two arrived at the same moment.
  return [rank, asc(arrivedOrMade), asc(arrestReferrals.createdAt), asc(arrestReferrals.id)];
}

/**
 * The provider's queue version: it changes (in the same transaction) with every write that
 * changes what the provider's queue shows. Triggers keep it (migration queue-versions).
 */
const versionOf = preparedPerConnection((db: Queryable) =>
  db
    .select({ version: queueVersions.version })
    .from(queueVersions)
    .where(eq(queueVersions.organisationId, sql.placeholder("organisationId")))
    .prepare(),
);

export function queueVersion(db: Queryable, organisationId: string): number {
  return versionOf(db).get({ organisationId })?.version ?? 0;
}

type QueueOptions = QueueReach & {
  workerId: string;
  filter: QueueFilter;
  centreId?: string;
  shown?: number;
  now?: Date;
};

/** The queue's one statement, unrun (its plan is checked in tests), or null when nothing is held. */
export function queueStatement(db: Queryable, options: QueueOptions) {
  const held = heldByProvider(options, options.centreId);
  if (!held) return null;
  const shown = shownOf(options);
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
      ? [desc(arrestReferrals.closedAt), desc(arrestReferrals.createdAt), asc(arrestReferrals.id)]
      : queueOrder(options.now ?? new Date());

  // One row past the page says whether there is more to show.
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
      arrivedAt: custodyEpisodes.arrivedAt,
      releasedAt: custodyEpisodes.releasedAt,
      closedAt: arrestReferrals.closedAt,
      closureReason: arrestReferrals.closureReason,
      givenName: people.givenName,
      familyName: people.familyName,
      isIdentified: people.isIdentified,
      awaitingConsent: arrestReferrals.awaitingConsent,
      /** For an NFO follow-up: when naloxone was given, and where (one report per follow-up). */
      nfoAt: naloxoneReports.administeredAt,
      nfoLocation: naloxoneReports.locationDescription,
      nfoPostcode: naloxoneReports.postcode,
      earlierReferralCount: sql<number>`(select count(*) from arrest_referrals earlier where earlier.person_id = ${arrestReferrals.personId} and earlier.created_at < ${arrestReferrals.createdAt})`,
    })
    .from(arrestReferrals)
    .leftJoin(custodyEpisodes, eq(custodyEpisodes.id, arrestReferrals.custodyEpisodeId))
    .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .leftJoin(users, eq(users.id, arrestReferrals.assignedWorkerId))
    .leftJoin(naloxoneReports, eq(naloxoneReports.arrestReferralId, arrestReferrals.id))
    .where(and(held, stateCondition))
    .orderBy(...order)
    .limit(shown + 1);
}

function shownOf(options: QueueOptions) {
  return Math.min(Math.max(options.shown ?? QUEUE_PAGE_SIZE, 1), QUEUE_MOST_SHOWN);
}

export function listQueue(db: Queryable, options: QueueOptions) {
  const statement = queueStatement(db, options);
  if (!statement) return { rows: [], hasMore: false };
  const shown = shownOf(options);
  const now = (options.now ?? new Date()).toISOString();
  const rows = statement.all().map(({ nfoLocation, nfoPostcode, ...r }) => {
    const nfoPlace = r.nfoAt ? [nfoLocation?.trim(), nfoPostcode?.trim()].filter(Boolean).join(", ") : "";
    return {
      ...r,
      where: r.centreName ?? (nfoPlace || referralSourceLabels[r.source]),
      disclosedNeeds: r.disclosedNeeds ?? [],
      safetyNotes: r.safetyNotes ?? "",
      /** Still shown as waiting in custody past the custody clock: check they are still there. */
      pastCustodyClock:
        r.state === "new" && !r.releasedAt && r.arrivedAt !== null && custodyClockEnds(r.arrivedAt) < now,
    };
  });
  return { rows: rows.slice(0, shown), hasMore: rows.length > shown };
}

/**
 * How many wait for a worker (for the page title), and the newest referrals that need one (waiting
 * in custody, or an NFO follow-up not yet reached), newest first, for the "new since you last
 * looked" notice: one statement.
 */
export function waitingSummary(db: Queryable, reach: QueueReach, named = QUEUE_NEWEST_NAMED) {
  const rows = waitingStatement(db, reach, named)?.all() ?? [];
  return {
    waitingCount: rows[0]?.waitingCount ?? 0,
    newest: rows.map(({ waitingCount: _w, centreName, ...r }) => ({
      ...r,
      where: centreName ?? referralSourceLabels[r.source],
    })),
  };
}

/** `waitingSummary`'s one statement, unrun, or null when nothing is held. */
export function waitingStatement(db: Queryable, reach: QueueReach, named = QUEUE_NEWEST_NAMED) {
  const held = heldByProvider(reach);
  if (!held) return null;
  return (
    db
      .select({
        id: arrestReferrals.id,
        createdAt: arrestReferrals.createdAt,
        source: arrestReferrals.source,
        givenName: people.givenName,
        familyName: people.familyName,
        isIdentified: people.isIdentified,
        centreName: custodyCentres.name,
        waitingCount: sql<number>`sum(${arrestReferrals.state} = 'new') over ()`,
      })
      .from(arrestReferrals)
      .innerJoin(people, eq(people.id, arrestReferrals.personId))
      .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
      // The states listed first let SQLite read the provider's open cases by index, not all of them.
      .where(
        and(
          held,
          inArray(
            arrestReferrals.state,
            REFERRAL_STATES.filter((state) => state !== "closed"),
          ),
          or(eq(arrestReferrals.state, "new"), nfoNotYetReached),
        ),
      )
      .orderBy(desc(arrestReferrals.createdAt), desc(arrestReferrals.id))
      .limit(named)
  );
}
