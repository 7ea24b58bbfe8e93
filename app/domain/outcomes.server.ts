// Outcome events: what a service reports about an onward referral (by page, API or CSV), the
// status each moves it to, and reading the log back. Each report is one transaction with its
// audit row and the notification it causes.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  onwardReferrals,
  organisations,
  outcomeEvents,
  services,
  users,
  type OnwardReferral,
  type OutcomeEventKind,
} from "#db/schema";
import { formatDate } from "~/utils/dates";
import { ukDateOf } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { recordAudit, type AuditContext } from "./audit.server";
import { DomainError } from "./errors";
import { queueAppointmentReminder } from "./messages.server";
import { notify } from "./notifications.server";
import {
  CANCEL_REASONS,
  DECLINE_REASONS,
  END_REASONS,
  isOpenOnwardStatus,
  nextOnwardStatus,
  onwardStatusLabels,
  outcomeEventLabels,
  statusReasonOf,
  type CancelReason,
  type OnwardActor,
  type OutcomeEventInput,
} from "./onward-referral-states";
import { outcomeTimelineProblem, type TimelineEvent } from "./outcome-timeline";
import { overdueState, type Overdue } from "./overdue";
import { isReferralWorker, overdueSettings } from "./overdue.server";

/** Who reports: a signed-in user, or (through the API) an organisation with no user. */
export type ReporterAudit = AuditContext & { organisationId: string };

export type ReportOptions = {
  source: "web" | "api" | "csv";
  /** Identifies an event from an upload: the same row twice is recorded once. */
  importKey?: string;
  /** The version the reporter saw; a save over someone else's change is refused. */
  expectedVersion?: number;
  now?: Date;
  /** Who records it: the service (page, upload, API) unless the referrer cancels. */
  actor?: OnwardActor;
};

export type ReportResult = { skipped: boolean; onwardReferral: OnwardReferral; eventId: string | null };

type StoredEvent = { kind: OutcomeEventKind; occurredOn: string; detail: Record<string, unknown> };

/**
 * When an event happened, as a time: now if it was today, otherwise midday of that day (a
 * date reported afterwards has no time, and midday keeps it on the same day in the UK).
 */
export function eventTime(occurredOn: string, now: Date): string {
  return occurredOn === ukDateOf(now) ? now.toISOString() : `${occurredOn}T12:00:00.000Z`;
}

function findOnwardReferral(db: Queryable, id: string) {
  return db.select().from(onwardReferrals).where(eq(onwardReferrals.id, id)).get();
}

/** Says what changed since the reporter read the referral, in words they can act on. */
function staleMessage(db: Queryable, current: OnwardReferral): string {
  const latest = db
    .select({
      kind: outcomeEvents.kind,
      occurredOn: outcomeEvents.occurredOn,
      userName: users.name,
      organisationName: organisations.name,
    })
    .from(outcomeEvents)
    .leftJoin(users, eq(users.id, outcomeEvents.reportedByUserId))
    .innerJoin(organisations, eq(organisations.id, outcomeEvents.reportedByOrganisationId))
    .where(eq(outcomeEvents.onwardReferralId, current.id))
    .orderBy(desc(outcomeEvents.recordedAt))
    .limit(1)
    .get();
  const what = latest
    ? `${latest.userName ?? latest.organisationName} recorded “${outcomeEventLabels[latest.kind]}” (${formatDate(latest.occurredOn)})`
    : "someone else changed it";
  return `This referral changed while you were looking at it: ${what}. It is now “${onwardStatusLabels[current.status]}”. Nothing was saved; check the referral and try again.`;
}

function eventDetail(event: OutcomeEventInput): Record<string, unknown> {
  const { kind: _kind, occurredOn: _occurredOn, ...detail } = event;
  return Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined));
}

/**
 * Applies one event inside the caller's transaction: checks the transition, appends the
 * event, moves the referral on, audits and notifies. Throws DomainError when refused.
 */
export function applyOutcomeEvent(
  tx: Queryable,
  audit: ReporterAudit,
  onwardReferralId: string,
  event: StoredEvent,
  options: ReportOptions,
): ReportResult {
  const now = options.now ?? new Date();
  const recordedAt = now.toISOString();
  const referral = findOnwardReferral(tx, onwardReferralId);
  if (!referral) throw new DomainError("Onward referral not found", { status: 404 });

  if (options.importKey) {
    const already = tx
      .select({ id: outcomeEvents.id })
      .from(outcomeEvents)
      .where(eq(outcomeEvents.importKey, options.importKey))
      .get();
    if (already) return { skipped: true, onwardReferral: referral, eventId: already.id };
  }
  if (options.expectedVersion !== undefined && options.expectedVersion !== referral.version) {
    throw new DomainError(staleMessage(tx, referral), {
      status: 409,
      detail: { currentVersion: referral.version, currentStatus: referral.status },
    });
  }

  const earlier = tx
    .select({ kind: outcomeEvents.kind, occurredOn: outcomeEvents.occurredOn, detail: outcomeEvents.detail })
    .from(outcomeEvents)
    .where(eq(outcomeEvents.onwardReferralId, referral.id))
    .orderBy(asc(outcomeEvents.recordedAt), sql`rowid`)
    .all() as TimelineEvent[];
  const timeline = outcomeTimelineProblem({ referralCreatedAt: referral.createdAt, earlier, event, now });
  if (timeline) throw new DomainError(timeline.message, { field: timeline.field, status: 422 });

  const change = nextOnwardStatus(referral.status, event.kind, options.actor ?? "service", {
    endReason: event.kind === "ended" ? (event.detail.endReason as keyof typeof END_REASONS) : undefined,
    hasAttended: referral.firstAttendedAt !== null,
  });
  if (!change.ok) throw new DomainError(change.message, { status: 409, detail: { currentStatus: referral.status } });

  const happenedAt = event.kind === "cancelled" ? recordedAt : eventTime(event.occurredOn, now);
  const set: Partial<typeof onwardReferrals.$inferInsert> = {
    status: change.status,
    lastOutcomeAt: recordedAt,
    updatedAt: recordedAt,
    version: referral.version + 1,
  };
  if ((event.kind === "accepted" || event.kind === "declined") && !referral.respondedAt) set.respondedAt = happenedAt;
  if (event.kind === "appointment_booked" && !referral.firstAppointmentAt)
    set.firstAppointmentAt = String(event.detail.appointmentAt);
  if (event.kind === "attended" && !referral.firstAttendedAt) set.firstAttendedAt = happenedAt;
  if (!isOpenOnwardStatus(change.status)) set.endedAt = happenedAt;
  const reason =
    event.kind === "cancelled"
      ? { reason: String(event.detail.reason), text: (event.detail.reasonText as string) ?? null }
      : statusReasonOf({ kind: event.kind, occurredOn: event.occurredOn, ...event.detail } as OutcomeEventInput);
  if (reason) {
    set.statusReason = reason.reason;
    set.statusReasonText = reason.text;
  }

  const updated = tx
    .update(onwardReferrals)
    .set(set)
    .where(and(eq(onwardReferrals.id, referral.id), eq(onwardReferrals.version, referral.version)))
    .returning()
    .get();
  if (!updated) throw new DomainError(staleMessage(tx, findOnwardReferral(tx, referral.id)!), { status: 409 });

  const eventId = newId();
  tx.insert(outcomeEvents)
    .values({
      id: eventId,
      onwardReferralId: referral.id,
      kind: event.kind,
      detail: event.detail,
      occurredOn: event.occurredOn,
      reportedByUserId: audit.userId ?? null,
      reportedByOrganisationId: audit.organisationId,
      source: options.source,
      importKey: options.importKey ?? null,
      recordedAt,
    })
    .run();
  recordAudit(tx, audit, {
    action: `onward-referral.${event.kind}`,
    recordType: "onward_referral",
    recordId: referral.id,
    personId: referral.personId,
    detail: { from: referral.status, to: change.status, source: options.source, eventId },
  });
  notifyReferrer(tx, referral, event);
  if (event.kind === "appointment_booked") {
    queueAppointmentReminder(
      tx,
      referral.id,
      eventId,
      { appointmentAt: String(event.detail.appointmentAt), place: String(event.detail.place ?? "") },
      now,
    );
  }
  return { skipped: false, onwardReferral: updated, eventId };
}

/** The referring worker hears of a decline or an end; the service hears of a cancellation. */
function notifyReferrer(tx: Queryable, referral: OnwardReferral, event: StoredEvent) {
  const service = tx
    .select({ name: services.name, organisationId: services.organisationId })
    .from(services)
    .where(eq(services.id, referral.serviceId))
    .get();
  if (!service) return;
  const workerLink = `/worker/referrals/${referral.arrestReferralId}`;
  // An officer who referred on patrol sees the outcome on their own page, and only with consent.
  const toReferrer = isReferralWorker(tx, referral.createdByUserId);
  if (event.kind === "declined" && toReferrer) {
    const reason = DECLINE_REASONS[event.detail.reason as keyof typeof DECLINE_REASONS] ?? "no reason given";
    notify(
      tx,
      { userIds: [referral.createdByUserId] },
      "onward_referral.declined",
      `${service.name} declined a referral: ${reason.toLowerCase()}`,
      workerLink,
      { personId: referral.personId },
    );
  } else if (event.kind === "ended" && toReferrer) {
    const reason = END_REASONS[event.detail.endReason as keyof typeof END_REASONS] ?? "ended";
    notify(
      tx,
      { userIds: [referral.createdByUserId] },
      "onward_referral.ended",
      `${service.name} ended a referral: ${reason.toLowerCase()}`,
      workerLink,
      { personId: referral.personId },
    );
  } else if (event.kind === "cancelled") {
    const reason = CANCEL_REASONS[event.detail.reason as CancelReason] ?? "cancelled";
    notify(
      tx,
      { organisationId: service.organisationId, role: "service_worker" },
      "onward_referral.ended",
      `A referral to ${service.name} was cancelled: ${reason.toLowerCase()}`,
      `/service/referrals/${referral.id}`,
      { personId: referral.personId },
    );
  }
}

/** Reports one outcome event: the event, the status, the audit row and any notification, together. */
export function reportOutcome(
  db: Db,
  audit: ReporterAudit,
  onwardReferralId: string,
  event: OutcomeEventInput,
  options: ReportOptions,
): ReportResult {
  return reportOutcomes(db, audit, onwardReferralId, [event], options)[0];
}

/** Several events for one referral (a missed appointment and its re-booking), all or none. */
export function reportOutcomes(
  db: Db,
  audit: ReporterAudit,
  onwardReferralId: string,
  events: OutcomeEventInput[],
  options: ReportOptions,
): ReportResult[] {
  return db.transaction((tx) =>
    events.map((event, index) =>
      applyOutcomeEvent(
        tx,
        audit,
        onwardReferralId,
        { kind: event.kind, occurredOn: event.occurredOn, detail: eventDetail(event) },
        {
          ...options,
          // The version the reporter saw is checked before the first event only.
          expectedVersion: index === 0 ? options.expectedVersion : undefined,
        },
      ),
    ),
  );
}

/** The referrer withdraws an onward referral, or the person withdrew their consent to share. */
export function cancelOnwardReferral(
  db: Db,
  audit: ReporterAudit,
  onwardReferralId: string,
  cancellation: { reason: CancelReason; reasonText?: string } | CancelReason,
  options: { expectedVersion?: number; now?: Date } = {},
): ReportResult {
  const { reason, reasonText } =
    typeof cancellation === "string" ? { reason: cancellation, reasonText: undefined } : cancellation;
  const now = options.now ?? new Date();
  return db.transaction((tx) =>
    applyOutcomeEvent(
      tx,
      audit,
      onwardReferralId,
      { kind: "cancelled", occurredOn: ukDateOf(now), detail: reasonText ? { reason, reasonText } : { reason } },
      { source: "web", expectedVersion: options.expectedVersion, now, actor: "referrer" },
    ),
  );
}

// ---------------------------------------------------------------- reading

export type OutcomeLogEntry = {
  id: string;
  kind: OutcomeEventKind;
  detail: Record<string, unknown>;
  occurredOn: string;
  recordedAt: string;
  source: "web" | "api" | "csv";
  reportedBy: string;
  reportedByOrganisation: string;
};

/** Outcome events of the onward referrals in `ids`, oldest first, with who reported each. */
function eventsOf(db: Queryable, ids: string[]): (OutcomeLogEntry & { onwardReferralId: string })[] {
  if (!ids.length) return [];
  return db
    .select({
      id: outcomeEvents.id,
      onwardReferralId: outcomeEvents.onwardReferralId,
      kind: outcomeEvents.kind,
      detail: outcomeEvents.detail,
      occurredOn: outcomeEvents.occurredOn,
      recordedAt: outcomeEvents.recordedAt,
      source: outcomeEvents.source,
      userName: users.name,
      organisationName: organisations.name,
    })
    .from(outcomeEvents)
    .leftJoin(users, eq(users.id, outcomeEvents.reportedByUserId))
    .innerJoin(organisations, eq(organisations.id, outcomeEvents.reportedByOrganisationId))
    .where(inArray(outcomeEvents.onwardReferralId, ids))
    .orderBy(asc(outcomeEvents.recordedAt), asc(outcomeEvents.occurredOn))
    .all()
    .map(({ userName, organisationName, ...e }) => ({
      ...e,
      reportedBy: userName ?? (e.source === "api" ? `${organisationName} (their own system)` : organisationName),
      reportedByOrganisation: organisationName,
    }));
}

/** The append-only log of one onward referral, oldest first: who reported what, when. */
export function outcomeLog(db: Queryable, onwardReferralId: string): OutcomeLogEntry[] {
  return eventsOf(db, [onwardReferralId]).map(({ onwardReferralId: _id, ...e }) => e);
}

/** Latest event of each referral in `ids`, with who reported it. */
export function latestEvents(db: Queryable, ids: string[]): Map<string, OutcomeLogEntry> {
  const latest = new Map<string, OutcomeLogEntry>();
  for (const { onwardReferralId, ...e } of eventsOf(db, ids)) latest.set(onwardReferralId, e);
  return latest;
}

export type OnwardReferralSummary = {
  id: string;
  status: OnwardReferral["status"];
  statusReason: string | null;
  statusReasonText: string | null;
  serviceName: string;
  serviceKind: (typeof services.$inferSelect)["kind"];
  needDomain: OnwardReferral["needDomain"];
  priority: OnwardReferral["priority"];
  createdAt: string;
  firstAppointmentAt: string | null;
  lastEvent: OutcomeLogEntry | null;
  overdue: Overdue | null;
};

/** The onward referrals made from one arrest referral, for the worker's case page. */
export function listOnwardReferralsForArrestReferral(
  db: Queryable,
  arrestReferralId: string,
  now = new Date(),
): OnwardReferralSummary[] {
  const rows = db
    .select({
      id: onwardReferrals.id,
      status: onwardReferrals.status,
      statusReason: onwardReferrals.statusReason,
      statusReasonText: onwardReferrals.statusReasonText,
      serviceName: services.name,
      serviceKind: services.kind,
      needDomain: onwardReferrals.needDomain,
      priority: onwardReferrals.priority,
      createdAt: onwardReferrals.createdAt,
      respondedAt: onwardReferrals.respondedAt,
      lastOutcomeAt: onwardReferrals.lastOutcomeAt,
      firstAppointmentAt: onwardReferrals.firstAppointmentAt,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(eq(onwardReferrals.arrestReferralId, arrestReferralId))
    .orderBy(asc(onwardReferrals.createdAt))
    .all();
  const events = latestEvents(
    db,
    rows.map((r) => r.id),
  );
  const settings = overdueSettings(db, now);
  return rows.map(({ respondedAt, lastOutcomeAt, ...r }) => ({
    ...r,
    lastEvent: events.get(r.id) ?? null,
    overdue: overdueState({ status: r.status, createdAt: r.createdAt, respondedAt, lastOutcomeAt }, now, settings),
  }));
}
