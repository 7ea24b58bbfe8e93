// Re-entry closes the loop: when someone already being helped comes back into custody, the
// worker who assessed them and the services still working with them (with consent) are told.
import { and, desc, eq, gte, inArray, ne, or } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { arrestReferrals, needsAssessments, onwardReferrals, providerCentres, services, users } from "#db/schema";
import { formatDateTime } from "~/utils/dates";
import { activeShareConsent } from "./consents.server";
import { queueBackInCustodyEmail } from "./messages.server";
import { notify } from "./notifications.server";
import { OPEN_ONWARD_STATUSES } from "./onward-referral-states";

const YEAR = 365 * 86_400_000;

export type ReturnToCustody = {
  personId: string;
  /** The arrest referral just made for this custody episode. */
  newReferralId: string;
  centreName: string;
  arrivedAt: string;
};

/**
 * Tells, when the person has an open onward referral or an earlier arrest referral that is
 * open or closed within the last 12 months: the worker who assessed them (else the worker
 * assigned), and the service workers of each service with an open onward referral whose
 * share consent still stands. Titles hold no name: the link leads to the recipient's own view,
 * where reading the person is checked and audited. Returns who was told.
 */
export function notifyReturnToCustody(db: Queryable, input: ReturnToCustody): { notifiedUserIds: string[] } {
  const since = new Date(new Date(input.arrivedAt).getTime() - YEAR).toISOString();
  const earlierReferrals = db
    .select()
    .from(arrestReferrals)
    .where(
      and(
        eq(arrestReferrals.personId, input.personId),
        ne(arrestReferrals.id, input.newReferralId),
        or(ne(arrestReferrals.state, "closed"), gte(arrestReferrals.closedAt, since)),
      ),
    )
    .orderBy(desc(arrestReferrals.createdAt))
    .all();
  const openOnward = db
    .select({
      id: onwardReferrals.id,
      arrestReferralId: onwardReferrals.arrestReferralId,
      consentId: onwardReferrals.consentId,
      serviceId: onwardReferrals.serviceId,
      serviceName: services.name,
      serviceOrganisationId: services.organisationId,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(
      and(
        eq(onwardReferrals.personId, input.personId),
        ne(onwardReferrals.arrestReferralId, input.newReferralId),
        inArray(onwardReferrals.status, [...OPEN_ONWARD_STATUSES]),
      ),
    )
    .all();
  if (!earlierReferrals.length && !openOnward.length) return { notifiedUserIds: [] };

  const when = `Back in custody at ${input.centreName}, ${formatDateTime(input.arrivedAt)}`;
  const notified: string[] = [];

  const worker = assessingWorker(db, input.personId, input.newReferralId);
  if (worker) {
    const newReferral = db
      .select({ custodyCentreId: arrestReferrals.custodyCentreId })
      .from(arrestReferrals)
      .where(eq(arrestReferrals.id, input.newReferralId))
      .get();
    const coversNewCentre =
      newReferral?.custodyCentreId != null &&
      db
        .select({ id: providerCentres.custodyCentreId })
        .from(providerCentres)
        .where(
          and(
            eq(providerCentres.organisationId, worker.organisationId),
            eq(providerCentres.custodyCentreId, newReferral.custodyCentreId),
          ),
        )
        .get() !== undefined;
    // The new referral if their provider covers that centre; otherwise the case they know.
    const link = `/worker/referrals/${coversNewCentre ? input.newReferralId : worker.arrestReferralId}`;
    notify(db, { userIds: [worker.userId] }, "person.back_in_custody", `${when}: a person you assessed`, link);
    notified.push(worker.userId);
  }

  for (const onward of openOnward) {
    if (!activeShareConsent(db, onward.consentId)) continue;
    notified.push(
      ...notify(
        db,
        { organisationId: onward.serviceOrganisationId, role: "service_worker" },
        "person.back_in_custody",
        `${when}: a person referred to ${onward.serviceName}`,
        `/service/referrals/${onward.id}`,
      ),
    );
    queueBackInCustodyEmail(db, onward.serviceId);
  }
  return { notifiedUserIds: [...new Set(notified)] };
}

/** The worker of the person's latest completed assessment, else the worker last assigned. */
function assessingWorker(db: Queryable, personId: string, newReferralId: string) {
  const assessed = db
    .select({
      userId: needsAssessments.workerUserId,
      arrestReferralId: needsAssessments.arrestReferralId,
      organisationId: users.organisationId,
      isActive: users.isActive,
    })
    .from(needsAssessments)
    .innerJoin(users, eq(users.id, needsAssessments.workerUserId))
    .where(
      and(
        eq(needsAssessments.personId, personId),
        eq(needsAssessments.status, "completed"),
        ne(needsAssessments.arrestReferralId, newReferralId),
      ),
    )
    .orderBy(desc(needsAssessments.completedAt))
    .limit(1)
    .get();
  if (assessed) return assessed.isActive ? assessed : null;
  const assigned = db
    .select({
      userId: users.id,
      arrestReferralId: arrestReferrals.id,
      organisationId: users.organisationId,
      isActive: users.isActive,
    })
    .from(arrestReferrals)
    .innerJoin(users, eq(users.id, arrestReferrals.assignedWorkerId))
    .where(and(eq(arrestReferrals.personId, personId), ne(arrestReferrals.id, newReferralId)))
    .orderBy(desc(arrestReferrals.createdAt))
    .limit(1)
    .get();
  return assigned?.isActive ? assigned : null;
}
