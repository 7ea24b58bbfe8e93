// Overdue feedback from the database's side: the thresholds from settings, the overdue onward
// referrals of a service organisation or a referring worker, and telling people once.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { notifications, onwardReferrals, services, users } from "#db/schema";
import { formatDate, ukDateOf } from "~/utils/dates";
import { bankHolidaysAround } from "./bank-holidays";
import { needLabels } from "./custody";
import { notify } from "./notifications.server";
import { OPEN_ONWARD_STATUSES } from "./onward-referral-states";
import {
  acknowledgementOverdueBefore,
  FEEDBACK_STATUSES,
  feedbackOverdueBefore,
  overdueState,
  type Overdue,
  type OverdueSettings,
} from "./overdue";
import { getSetting } from "./settings.server";

export function overdueSettings(db: Queryable, now = new Date()): OverdueSettings {
  return {
    acknowledgementWorkingDays: getSetting(db, "acknowledgement_working_days"),
    feedbackOverdueDays: getSetting(db, "feedback_overdue_days"),
    holidays: bankHolidaysAround(now),
  };
}

/**
 * `overdueState` as a condition on onward_referrals, for queries that count or rank overdue
 * referrals without reading each one: the same thresholds, as comparisons on the row's times.
 */
export function overdueCondition(now: Date, settings: OverdueSettings): SQL<number> {
  return sql<number>`(case
    when ${onwardReferrals.status} = 'requested'
      then ${onwardReferrals.createdAt} < ${acknowledgementOverdueBefore(now, settings).toISOString()}
    when ${inArray(onwardReferrals.status, [...FEEDBACK_STATUSES])}
      then coalesce(${onwardReferrals.lastOutcomeAt}, ${onwardReferrals.respondedAt}, ${onwardReferrals.createdAt}) < ${feedbackOverdueBefore(now, settings).toISOString()}
    else 0 end)`;
}

const openOnwardColumns = {
  id: onwardReferrals.id,
  arrestReferralId: onwardReferrals.arrestReferralId,
  personId: onwardReferrals.personId,
  serviceId: onwardReferrals.serviceId,
  serviceName: services.name,
  serviceOrganisationId: services.organisationId,
  needDomain: onwardReferrals.needDomain,
  priority: onwardReferrals.priority,
  status: onwardReferrals.status,
  createdAt: onwardReferrals.createdAt,
  respondedAt: onwardReferrals.respondedAt,
  lastOutcomeAt: onwardReferrals.lastOutcomeAt,
  createdByUserId: onwardReferrals.createdByUserId,
};

type OpenOnward = ReturnType<typeof openOnward>[number];
export type OverdueOnwardReferral = OpenOnward & { overdue: Overdue };

function withOverdue(rows: OpenOnward[], now: Date, settings: OverdueSettings): OverdueOnwardReferral[] {
  return rows.flatMap((row) => {
    const overdue = overdueState(row, now, settings);
    return overdue ? [{ ...row, overdue }] : [];
  });
}

function openOnward(db: Queryable, where?: SQL) {
  return db
    .select(openOnwardColumns)
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(and(inArray(onwardReferrals.status, [...OPEN_ONWARD_STATUSES]), where))
    .all();
}

/** Overdue onward referrals to the services an organisation runs. */
export function listOverdueForServiceOrganisation(db: Queryable, organisationId: string, now = new Date()) {
  return withOverdue(openOnward(db, eq(services.organisationId, organisationId)), now, overdueSettings(db, now));
}

/** Overdue onward referrals a referring worker made. */
export function listOverdueForReferringWorker(db: Queryable, userId: string, now = new Date()) {
  return withOverdue(openOnward(db, eq(onwardReferrals.createdByUserId, userId)), now, overdueSettings(db, now));
}

/** Every overdue onward referral, for the weekly digest to each service. */
export function listOverdueOnwardReferrals(db: Queryable, now = new Date()) {
  return withOverdue(openOnward(db), now, overdueSettings(db, now));
}

/**
 * For a scheduled run: tells the service's workers and the referring worker about each
 * overdue onward referral, once for each way it is overdue (not answered; no feedback).
 * The notification's link carries the referral and the reason, which is how repeats are found.
 */
export function notifyOverdueFeedback(db: Db, now = new Date()): { notified: number } {
  const overdue = withOverdue(openOnward(db), now, overdueSettings(db, now));
  // Read once which have been told already: at national scale tens of thousands stay overdue
  // from one hour to the next, and a transaction each to find that out took seconds.
  const told = new Set(
    db
      .selectDistinct({ link: notifications.link })
      .from(notifications)
      .where(eq(notifications.kind, "feedback.overdue"))
      .all()
      .map((n) => n.link),
  );
  let notified = 0;
  // One digest a day for each service: today's overdue notices about it are one line of the list.
  const day = ukDateOf(now);
  for (const r of overdue) {
    const serviceLink = `/service/referrals/${r.id}#overdue-${r.overdue.reason}`;
    const workerLink = `/worker/referrals/${r.arrestReferralId}#overdue-${r.id}-${r.overdue.reason}`;
    if (told.has(serviceLink) || told.has(workerLink)) continue;
    // Checked again in the transaction, in case another run told them since.
    db.transaction((tx) => {
      const already = tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.kind, "feedback.overdue"), inArray(notifications.link, [serviceLink, workerLink])))
        .limit(1)
        .get();
      if (already) return;
      const need = needLabels[r.needDomain].toLowerCase();
      const received = formatDate(r.createdAt);
      const serviceTitle =
        r.overdue.reason === "acknowledgement"
          ? `Please accept or decline: ${need} referral to ${r.serviceName}, received ${received}`
          : `Feedback overdue: ${need} referral to ${r.serviceName}, no update since ${formatDate(r.overdue.lastFeedbackAt)}`;
      const workerTitle =
        r.overdue.reason === "acknowledgement"
          ? `${r.serviceName} has not answered your ${need} referral of ${received}`
          : `No feedback from ${r.serviceName} on your ${need} referral since ${formatDate(r.overdue.lastFeedbackAt)}`;
      notify(
        tx,
        { organisationId: r.serviceOrganisationId, role: "service_worker" },
        "feedback.overdue",
        serviceTitle,
        serviceLink,
        { personId: r.personId, groupKey: `feedback.overdue:${r.serviceId}:${day}` },
      );
      // A referral worker is chased on; an officer's patrol referral is followed on their own page.
      if (isReferralWorker(tx, r.createdByUserId))
        notify(tx, { userIds: [r.createdByUserId] }, "feedback.overdue", workerTitle, workerLink, {
          personId: r.personId,
          groupKey: `feedback.overdue:${r.serviceId}:${day}`,
        });
      notified += 1;
    });
  }
  return { notified };
}

/** Notices that lead to a worker's case page go to referral workers only (not to an officer who referred on patrol). */
export function isReferralWorker(db: Queryable, userId: string): boolean {
  return db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()?.role === "referral_worker";
}
