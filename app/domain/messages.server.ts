// Email and text messages: what is queued, when, and the job that sends the queue. Nothing is
// ever sent inside a user's request: domain functions queue a row in `messages` in the same
// transaction as the change it is about, and the message job (started with the maintenance
// jobs) sends it, retries with backoff, and records each attempt and the delivery receipt.
import { timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  arrestReferrals,
  messages,
  notifications,
  onwardReferrals,
  organisations,
  people,
  services,
  settings,
  users,
  type MessageAttempt,
} from "#db/schema";
import { formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { contactAfterReleaseConsents } from "./consents.server";
import { DomainError } from "./errors";
import {
  FOLLOW_UP_TEMPLATES,
  MESSAGE_TYPES,
  messageTypes,
  render,
  sayableInText,
  type FollowUpTemplate,
  type MessageType,
} from "./message-templates";
import { notify } from "./notifications.server";
import { isOpenOnwardStatus } from "./onward-referral-states";
import { listOverdueOnwardReferrals } from "./overdue.server";
import { PASSWORD_LINK_HOURS } from "./users";
import type { Channels } from "./message-channels.server";
import type { NotificationKind } from "./notifications";

export type Message = typeof messages.$inferSelect;

/** Waits after the 1st, 2nd, … failed attempt; after the last, the message has failed. */
export const RETRY_BACKOFF_MINUTES = [1, 5, 30, 120, 360];
export const MAX_ATTEMPTS = RETRY_BACKOFF_MINUTES.length + 1;
/** A message still "sending" this long after its attempt began was cut short by a crash. */
export const SENDING_STALE_MINUTES = 10;
const LINK_REMOVED = "(link removed once sent)";

/** Links in messages start here: PUBLIC_URL, or this machine in development. */
export function appUrl(path: string): string {
  const { PUBLIC_URL, PORT } = env();
  return `${(PUBLIC_URL ?? `http://localhost:${PORT}`).replace(/\/$/, "")}${path}`;
}

// ---------------------------------------------------------------- which types are on

const TURNED_OFF_KEY = "message_types_off";

export function turnedOffMessageTypes(db: Queryable): Set<MessageType> {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, TURNED_OFF_KEY)).get();
  const value = Array.isArray(row?.value) ? (row.value as unknown[]) : [];
  return new Set(messageTypes.filter((t) => value.includes(t)));
}

export function setTurnedOffMessageTypes(db: Db, audit: ActorAudit, off: MessageType[], now = new Date()) {
  const value = messageTypes.filter((t) => off.includes(t));
  db.transaction((tx) => {
    const before = [...turnedOffMessageTypes(tx)];
    if (before.length === value.length && before.every((t) => value.includes(t))) return;
    tx.insert(settings)
      .values({ key: TURNED_OFF_KEY, value, updatedAt: now.toISOString(), updatedByUserId: audit.userId })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value, updatedAt: now.toISOString(), updatedByUserId: audit.userId },
      })
      .run();
    recordAudit(tx, audit, {
      action: "settings.update",
      recordType: "settings",
      detail: { [TURNED_OFF_KEY]: { from: before, to: value } },
    });
  });
}

// ---------------------------------------------------------------- queueing

type QueueInput = {
  type: MessageType;
  recipient: string;
  template: string;
  personalisation: Record<string, string | number>;
  recipientUserId?: string | null;
  recipientServiceId?: string | null;
  personId?: string | null;
  arrestReferralId?: string | null;
  onwardReferralId?: string | null;
  dedupeKey?: string;
  sendAt?: Date;
};

/** Queues one message unless its type is turned off or its dedupe key was used. Returns its id. */
export function queueMessage(tx: Queryable, input: QueueInput, now = new Date()): string | null {
  if (!input.recipient.trim()) return null;
  if (turnedOffMessageTypes(tx).has(input.type)) return null;
  const id = newId();
  const inserted = tx
    .insert(messages)
    .values({
      id,
      type: input.type,
      channel: MESSAGE_TYPES[input.type].channel,
      recipient: input.recipient.trim(),
      recipientUserId: input.recipientUserId ?? null,
      recipientServiceId: input.recipientServiceId ?? null,
      personId: input.personId ?? null,
      arrestReferralId: input.arrestReferralId ?? null,
      onwardReferralId: input.onwardReferralId ?? null,
      template: input.template,
      personalisation: input.personalisation,
      dedupeKey: input.dedupeKey ?? null,
      nextAttemptAt: (input.sendAt ?? now).toISOString(),
      createdAt: now.toISOString(),
    })
    .onConflictDoNothing({ target: messages.dedupeKey })
    .run();
  return inserted.changes ? id : null;
}

/**
 * "You have 2 new referrals": a message still waiting to go to the same address about the same
 * thing counts one more instead of a second message.
 */
function queueCounted(
  tx: Queryable,
  input: Omit<QueueInput, "personalisation"> & { link: string; extra?: Record<string, string> },
  now = new Date(),
) {
  const waiting = tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.type, input.type),
        eq(messages.recipient, input.recipient.trim()),
        eq(messages.status, "queued"),
        eq(messages.attemptCount, 0),
      ),
    )
    .get();
  if (waiting) {
    const count = Number(waiting.personalisation.count ?? 1) + 1;
    tx.update(messages)
      .set({ personalisation: { ...waiting.personalisation, count } })
      .where(eq(messages.id, waiting.id))
      .run();
    return waiting.id;
  }
  const { link, extra, ...rest } = input;
  return queueMessage(tx, { ...rest, personalisation: { count: 1, link: appUrl(link), ...extra } }, now);
}

/** The invitation or reset link, emailed to the person it is for. */
export function queuePasswordLinkEmail(
  tx: Queryable,
  user: { id: string; email: string },
  purpose: "invitation" | "reset",
  token: string,
  now = new Date(),
) {
  return queueMessage(
    tx,
    {
      type: purpose === "invitation" ? "user.invitation" : "user.password-reset",
      recipient: user.email,
      recipientUserId: user.id,
      template: purpose === "invitation" ? "invitation" : "password-reset",
      personalisation: { link: appUrl(`/set-password/${token}`), hours: PASSWORD_LINK_HOURS },
    },
    now,
  );
}

function referralAddress(tx: Queryable, serviceId: string) {
  const service = tx
    .select({ id: services.id, referralEmail: services.referralEmail, email: services.email })
    .from(services)
    .where(eq(services.id, serviceId))
    .get();
  return service ? (service.referralEmail || service.email).trim() : "";
}

/** A new onward referral: the service's referral address hears that something is waiting. */
export function queueNewReferralEmail(tx: Queryable, serviceId: string, now = new Date()) {
  const recipient = referralAddress(tx, serviceId);
  if (!recipient) return null;
  return queueCounted(
    tx,
    {
      type: "onward_referral.new",
      recipient,
      recipientServiceId: serviceId,
      template: "new-referrals",
      link: "/service/inbox",
    },
    now,
  );
}

/** A person a service works with is back in custody: the service's referral address hears. */
export function queueBackInCustodyEmail(tx: Queryable, serviceId: string, now = new Date()) {
  const recipient = referralAddress(tx, serviceId);
  if (!recipient) return null;
  return queueCounted(
    tx,
    {
      type: "person.back_in_custody",
      recipient,
      recipientServiceId: serviceId,
      template: "back-in-custody",
      link: "/notifications",
    },
    now,
  );
}

/**
 * A user's own alerts by email, for those who chose "immediately". Overdue feedback is left to
 * the weekly digest, or one overdue run would send an email for each referral.
 */
export function queueAlertEmails(tx: Queryable, userIds: string[], kind: NotificationKind, now = new Date()) {
  if (kind === "feedback.overdue" || !userIds.length) return;
  const recipients = tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.isActive, true), eq(users.alertEmails, "immediately")))
    .all();
  for (const user of recipients) {
    queueCounted(
      tx,
      {
        type: "user.alerts",
        recipient: user.email,
        recipientUserId: user.id,
        template: "alerts",
        link: "/notifications",
        extra: { settingsLink: appUrl("/account/messages") },
      },
      now,
    );
  }
}

// ---------------------------------------------------------------- texts to the person

const TEXT_CONTACT_METHODS = /^\s*(phone|mobile|text|sms)\b/i;

/**
 * The number to text the person on, or why there is none: texts need a consent to be contacted
 * after release, given for phone or text, still in force, and a number that has not failed.
 */
export function textableNumber(db: Queryable, personId: string): { phone: string } | { reason: string } {
  const person = db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || person.anonymisedAt) return { reason: "The person's record is no longer held." };
  const consent = contactAfterReleaseConsents(db, personId).find((c) =>
    TEXT_CONTACT_METHODS.test(c.contactMethod ?? ""),
  );
  if (!consent) return { reason: "The person has not agreed to be contacted by text, or withdrew their consent." };
  if (!person.phone) return { reason: "There is no phone number for the person." };
  if (person.phoneNotWorkingAt)
    return { reason: "The person's number is not working: texts to it were not delivered." };
  return { phone: person.phone };
}

/** First of the candidates a text may say; otherwise the fallback. */
const sayable = (fallback: string, ...candidates: (string | null | undefined)[]) =>
  candidates.find((c): c is string => Boolean(c?.trim()) && sayableInText(c!)) ?? fallback;

/**
 * An appointment booked for an onward referral: a text reminder 24 hours before (at once when
 * it is sooner), if the person can be texted. A new booking replaces a reminder still waiting.
 */
export function queueAppointmentReminder(
  tx: Queryable,
  onwardReferralId: string,
  eventId: string,
  appointment: { appointmentAt: string; place: string },
  now = new Date(),
) {
  const referral = tx
    .select({
      personId: onwardReferrals.personId,
      arrestReferralId: onwardReferrals.arrestReferralId,
      serviceName: services.name,
      servicePhone: services.phone,
      organisationName: organisations.name,
      address: services.address,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(eq(onwardReferrals.id, onwardReferralId))
    .get();
  if (!referral) return null;
  tx.update(messages)
    .set({ status: "cancelled", statusReason: "A new appointment was booked." })
    .where(
      and(
        eq(messages.onwardReferralId, onwardReferralId),
        eq(messages.type, "appointment.reminder"),
        eq(messages.status, "queued"),
      ),
    )
    .run();
  const at = new Date(appointment.appointmentAt);
  if (Number.isNaN(at.getTime()) || at <= now) return null;
  const number = textableNumber(tx, referral.personId);
  if (!("phone" in number)) return null;
  const sendAt = new Date(Math.max(now.getTime(), at.getTime() - 24 * 3600_000));
  return queueMessage(
    tx,
    {
      type: "appointment.reminder",
      recipient: number.phone,
      personId: referral.personId,
      arrestReferralId: referral.arrestReferralId,
      onwardReferralId,
      template: "appointment-reminder",
      personalisation: {
        serviceName: sayable("the service", referral.serviceName, referral.organisationName),
        time: formatDateTime(appointment.appointmentAt),
        place: sayable("the place you were given", appointment.place, referral.address),
        ...(referral.servicePhone ? { phone: referral.servicePhone } : {}),
      },
      dedupeKey: `appointment-reminder:${eventId}`,
      sendAt,
    },
    now,
  );
}

/** The worker's follow-up text after release, in one of the approved wordings. */
export function queueFollowUpText(
  db: Db,
  audit: ActorAudit,
  arrestReferralId: string,
  template: FollowUpTemplate,
  now = new Date(),
): string {
  if (!Object.hasOwn(FOLLOW_UP_TEMPLATES, template))
    throw new DomainError("Choose one of the messages.", { field: "template", status: 400 });
  return db.transaction((tx) => {
    const referral = tx.select().from(arrestReferrals).where(eq(arrestReferrals.id, arrestReferralId)).get();
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    const number = textableNumber(tx, referral.personId);
    if (!("phone" in number)) throw new DomainError(number.reason, { field: "template", status: 409 });
    const worker = tx
      .select({ name: users.name, phone: users.phone, organisationPhone: organisations.phone })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, audit.userId))
      .get();
    const phone = worker?.phone || worker?.organisationPhone;
    if (!worker || !phone)
      throw new DomainError(
        "Add a phone number to your account or your organisation first: the message asks the person to call it.",
        { field: "template", status: 409 },
      );
    if (turnedOffMessageTypes(tx).has("person.follow-up"))
      throw new DomainError("An administrator has turned off follow-up texts.", { field: "template", status: 409 });
    const id = queueMessage(
      tx,
      {
        type: "person.follow-up",
        recipient: number.phone,
        personId: referral.personId,
        arrestReferralId,
        recipientUserId: null,
        template,
        personalisation: { workerName: sayable("your support worker", worker.name.split(/\s+/)[0]), phone },
      },
      now,
    )!;
    recordAudit(tx, audit, {
      action: "message.follow-up-text",
      recordType: "message",
      recordId: id,
      personId: referral.personId,
      detail: { template },
    });
    return id;
  });
}

// ---------------------------------------------------------------- digests (hourly)

const ukDate = (now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);

/** ISO week, e.g. 2026-W49: one overdue digest per service per week. */
function isoWeek(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** One email a week to each service with overdue feedback: how many, and a link. */
export function queueOverdueDigests(db: Db, now = new Date()): { queued: number } {
  const byService = new Map<string, number>();
  for (const r of listOverdueOnwardReferrals(db, now))
    byService.set(r.serviceId, (byService.get(r.serviceId) ?? 0) + 1);
  let queued = 0;
  const week = isoWeek(now);
  db.transaction((tx) => {
    for (const [serviceId, count] of byService) {
      const recipient = referralAddress(tx, serviceId);
      if (!recipient) continue;
      const id = queueMessage(
        tx,
        {
          type: "feedback.overdue-digest",
          recipient,
          recipientServiceId: serviceId,
          template: "overdue-digest",
          personalisation: { count, link: appUrl("/service/inbox") },
          dedupeKey: `overdue-digest:${serviceId}:${week}`,
        },
        now,
      );
      if (id) queued += 1;
    }
  });
  return { queued };
}

/** Once a day, to users who chose a daily digest: how many alerts came in the last day. */
export function queueDailyAlertDigests(db: Db, now = new Date()): { queued: number } {
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const rows = db
    .select({ userId: users.id, email: users.email, count: sql<number>`count(${notifications.id})` })
    .from(users)
    .innerJoin(
      notifications,
      and(
        eq(notifications.userId, users.id),
        isNull(notifications.readAt),
        sql`${notifications.createdAt} >= ${since}`,
      ),
    )
    .where(and(eq(users.isActive, true), eq(users.alertEmails, "daily")))
    .groupBy(users.id)
    .all();
  let queued = 0;
  const day = ukDate(now);
  db.transaction((tx) => {
    for (const row of rows) {
      const id = queueMessage(
        tx,
        {
          type: "user.alerts",
          recipient: row.email,
          recipientUserId: row.userId,
          template: "alerts",
          personalisation: {
            count: row.count,
            link: appUrl("/notifications"),
            settingsLink: appUrl("/account/messages"),
          },
          dedupeKey: `alerts-digest:${row.userId}:${day}`,
        },
        now,
      );
      if (id) queued += 1;
    }
  });
  return { queued };
}

// ---------------------------------------------------------------- the message job

export type MessageJobReport = {
  sent: number;
  held: number;
  retrying: number;
  failed: number;
  cancelled: number;
  recovered: number;
};

export type MessageJobOptions = {
  now?: Date;
  limit?: number;
  /** Only these messages (a test sharing its database with others). */
  ids?: string[];
  /** For tests: runs between a send and its record, where a crash would fall. */
  afterSend?: (message: Message) => void;
};

/** Why a queued message must not go now, checked again at sending time. */
function reasonNotToSend(db: Queryable, message: Message, turnedOff: Set<MessageType>): string | null {
  if (turnedOff.has(message.type as MessageType)) return "An administrator turned this kind of message off.";
  if (message.channel === "sms") {
    if (!message.personId) return "A text with no person.";
    const number = textableNumber(db, message.personId);
    if (!("phone" in number)) return number.reason;
    if (number.phone !== message.recipient) return "The person's number changed since this was queued.";
  }
  if (message.type === "appointment.reminder" && message.onwardReferralId) {
    const referral = db
      .select({ status: onwardReferrals.status })
      .from(onwardReferrals)
      .where(eq(onwardReferrals.id, message.onwardReferralId))
      .get();
    if (!referral || !isOpenOnwardStatus(referral.status)) return "The referral is no longer open.";
  }
  if (message.recipientUserId && message.channel === "email" && message.type === "user.alerts") {
    const user = db
      .select({ isActive: users.isActive, alertEmails: users.alertEmails })
      .from(users)
      .where(eq(users.id, message.recipientUserId))
      .get();
    if (!user?.isActive || user.alertEmails === "never") return "The user no longer wants these emails.";
  }
  return null;
}

function outgoing(message: Message) {
  return {
    id: message.id,
    channel: message.channel,
    recipient: message.recipient,
    rendered: render(message.channel, message.template, message.personalisation),
  };
}

/** Password links are credentials: once handed on, the stored copy is blanked. */
function afterSendPersonalisation(message: Message) {
  return message.type === "user.invitation" || message.type === "user.password-reset"
    ? { ...message.personalisation, link: LINK_REMOVED }
    : message.personalisation;
}

function recordSent(db: Db, message: Message, provider: Message["provider"], providerId: string | null, now: Date) {
  const attempts =
    db.select({ attempts: messages.attempts }).from(messages).where(eq(messages.id, message.id)).get()?.attempts ?? [];
  const last = attempts.at(-1);
  if (last) last.providerId = providerId ?? undefined;
  db.update(messages)
    .set({
      status: provider === "outbox" ? "held" : "sent",
      statusReason: provider === "outbox" ? "No channel is set up for this: kept in the Outbox." : null,
      provider,
      providerId,
      sentAt: now.toISOString(),
      attempts,
      personalisation: afterSendPersonalisation(message),
    })
    .where(eq(messages.id, message.id))
    .run();
}

/**
 * Messages still "sending" long after their attempt began: the process stopped between sending
 * and recording. The channel is asked whether it has the message (Notify by our reference);
 * if it has, the send is recorded; if not, it is queued again; if it cannot tell (SMTP), the
 * message is not sent a second time and is marked failed for an administrator to see.
 */
async function recoverInterrupted(db: Db, channels: Channels, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - SENDING_STALE_MINUTES * 60_000).toISOString();
  const stuck = db
    .select()
    .from(messages)
    .where(and(eq(messages.status, "sending"), lte(messages.lastAttemptAt, cutoff)))
    .all();
  for (const message of stuck) {
    const channel = channels[message.channel];
    const last = message.attempts.at(-1);
    const provider = last?.provider ?? channel.provider;
    const past =
      provider === channel.provider ? await channel.findPastSend(outgoing(message)) : ({ unknown: true } as const);
    if ("sent" in past && past.sent) {
      recordSent(db, message, provider, past.providerId, now);
    } else if ("sent" in past) {
      db.update(messages)
        .set({ status: "queued", nextAttemptAt: now.toISOString() })
        .where(eq(messages.id, message.id))
        .run();
    } else {
      db.update(messages)
        .set({
          status: "failed",
          statusReason: "Pathway stopped while sending this and cannot tell whether it went, so it was not sent again.",
        })
        .where(eq(messages.id, message.id))
        .run();
    }
  }
  return stuck.length;
}

/**
 * Sends what is due at `now`, oldest first, one at a time. Each message is marked "sending",
 * with its attempt, before the channel is called, so a crash leaves a trace for recovery.
 */
export async function runMessageJob(
  db: Db,
  channels: Channels,
  options: MessageJobOptions = {},
): Promise<MessageJobReport> {
  const now = options.now ?? new Date();
  const report: MessageJobReport = {
    sent: 0,
    held: 0,
    retrying: 0,
    failed: 0,
    cancelled: 0,
    recovered: await recoverInterrupted(db, channels, now),
  };
  const turnedOff = turnedOffMessageTypes(db);
  const due = db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.status, "queued"),
        lte(messages.nextAttemptAt, now.toISOString()),
        options.ids ? inArray(messages.id, options.ids) : undefined,
      ),
    )
    .orderBy(asc(messages.nextAttemptAt))
    .limit(options.limit ?? 200)
    .all();
  for (const queued of due) {
    const channel = channels[queued.channel];
    const claimed = db.transaction((tx) => {
      const message = tx
        .select()
        .from(messages)
        .where(and(eq(messages.id, queued.id), eq(messages.status, "queued")))
        .get();
      if (!message) return null;
      const reason = reasonNotToSend(tx, message, turnedOff);
      if (reason) {
        tx.update(messages).set({ status: "cancelled", statusReason: reason }).where(eq(messages.id, message.id)).run();
        report.cancelled += 1;
        return null;
      }
      const attempt: MessageAttempt = { at: now.toISOString(), provider: channel.provider };
      tx.update(messages)
        .set({
          status: "sending",
          attemptCount: message.attemptCount + 1,
          lastAttemptAt: now.toISOString(),
          attempts: [...message.attempts, attempt],
        })
        .where(eq(messages.id, message.id))
        .run();
      return { ...message, attemptCount: message.attemptCount + 1 };
    });
    if (!claimed) continue;

    let result: Awaited<ReturnType<typeof channel.send>>;
    try {
      result = await channel.send(outgoing(claimed));
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error), permanent: false };
    }
    options.afterSend?.(claimed);

    if (result.ok) {
      recordSent(db, claimed, channel.provider, result.providerId, now);
      if (channel.provider === "outbox") report.held += 1;
      else report.sent += 1;
      continue;
    }
    const giveUp = result.permanent || claimed.attemptCount >= MAX_ATTEMPTS;
    const attempts =
      db.select({ attempts: messages.attempts }).from(messages).where(eq(messages.id, claimed.id)).get()?.attempts ??
      [];
    if (attempts.length) attempts[attempts.length - 1].error = result.error;
    db.update(messages)
      .set(
        giveUp
          ? { status: "failed", statusReason: result.error, attempts }
          : {
              status: "queued",
              statusReason: result.error,
              attempts,
              nextAttemptAt: new Date(
                now.getTime() + RETRY_BACKOFF_MINUTES[claimed.attemptCount - 1] * 60_000,
              ).toISOString(),
            },
      )
      .where(eq(messages.id, claimed.id))
      .run();
    if (giveUp) report.failed += 1;
    else report.retrying += 1;
  }
  return report;
}

// ---------------------------------------------------------------- delivery receipts

/** Whether a callback carries the bearer token set in Notify (compared in constant time). */
export function isNotifyCallbackAuthorised(header: string | null, expected: string | undefined): boolean {
  if (!expected) return false;
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export type DeliveryReceipt = {
  id: string;
  reference?: string | null;
  status: string;
  notification_type?: string;
  completed_at?: string | null;
};

/**
 * Notify's word on delivery. A text that permanently failed marks the person's number as not
 * working (no more texts to it) and tells the worker on the case. Returns false when the
 * receipt is for no message of ours.
 */
export function recordDeliveryReceipt(db: Db, receipt: DeliveryReceipt, now = new Date()): boolean {
  return db.transaction((tx) => {
    const message =
      (receipt.reference ? tx.select().from(messages).where(eq(messages.id, receipt.reference)).get() : undefined) ??
      tx.select().from(messages).where(eq(messages.providerId, receipt.id)).get();
    if (!message) return false;
    tx.update(messages)
      .set({
        deliveryStatus: receipt.status,
        deliveryStatusAt: receipt.completed_at ?? now.toISOString(),
        providerId: message.providerId ?? receipt.id,
      })
      .where(eq(messages.id, message.id))
      .run();
    if (receipt.status === "permanent-failure" && message.channel === "sms" && message.personId) {
      const marked = tx
        .update(people)
        .set({ phoneNotWorkingAt: now.toISOString(), updatedAt: now.toISOString() })
        .where(
          and(eq(people.id, message.personId), eq(people.phone, message.recipient), isNull(people.phoneNotWorkingAt)),
        )
        .run();
      const referral = message.arrestReferralId
        ? tx
            .select({ id: arrestReferrals.id, workerId: arrestReferrals.assignedWorkerId })
            .from(arrestReferrals)
            .where(eq(arrestReferrals.id, message.arrestReferralId))
            .get()
        : undefined;
      if (marked.changes && referral?.workerId) {
        notify(
          tx,
          { userIds: [referral.workerId] },
          "person.phone_not_working",
          "A text message to a person you work with could not be delivered: their number may not be working",
          `/worker/referrals/${referral.id}`,
          { personId: message.personId },
        );
      }
      recordAudit(
        tx,
        { userId: null, organisationId: null },
        {
          action: "message.permanent-failure",
          recordType: "message",
          recordId: message.id,
          personId: message.personId,
          detail: { type: message.type },
        },
      );
    }
    return true;
  });
}

// ---------------------------------------------------------------- reading

/** "07700 900123" → "•••••••0123": enough to tell numbers apart, not to dial. */
export const maskPhone = (phone: string) => phone.replace(/\s+/g, "").replace(/.(?=.{4})/g, "•");

export type OutboxEntry = Message & { subject: string | null; body: string; shownRecipient: string };

export function listOutbox(db: Queryable, options: { limit?: number; status?: Message["status"] } = {}): OutboxEntry[] {
  return db
    .select()
    .from(messages)
    .where(options.status ? eq(messages.status, options.status) : undefined)
    .orderBy(desc(messages.createdAt))
    .limit(options.limit ?? 100)
    .all()
    .map((m) => {
      const rendered = render(m.channel, m.template, m.personalisation);
      return {
        ...m,
        subject: rendered.subject ?? null,
        body: rendered.body,
        shownRecipient: m.channel === "sms" ? maskPhone(m.recipient) : m.recipient,
      };
    });
}

export function outboxCounts(db: Queryable): Record<Message["status"], number> {
  const counts = { queued: 0, sending: 0, sent: 0, held: 0, failed: 0, cancelled: 0 };
  for (const row of db
    .select({ status: messages.status, n: sql<number>`count(*)` })
    .from(messages)
    .groupBy(messages.status)
    .all())
    counts[row.status] = row.n;
  return counts;
}

/** The texts sent (or waiting) about one case, newest first, for the worker's page. */
export function listTextsForReferral(db: Queryable, arrestReferralId: string) {
  return db
    .select({
      id: messages.id,
      template: messages.template,
      status: messages.status,
      createdAt: messages.createdAt,
      deliveryStatus: messages.deliveryStatus,
    })
    .from(messages)
    .where(and(eq(messages.arrestReferralId, arrestReferralId), eq(messages.channel, "sms")))
    .orderBy(desc(messages.createdAt))
    .limit(20)
    .all();
}

/** Each approved follow-up text as the person would get it from this worker. */
export function followUpPreviews(db: Queryable, userId: string) {
  const worker = db
    .select({ name: users.name, phone: users.phone, organisationPhone: organisations.phone })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .get();
  const fields = {
    workerName: sayable("your support worker", worker?.name.split(/\s+/)[0]),
    phone: worker?.phone || worker?.organisationPhone || "(no phone number yet)",
  };
  return (Object.keys(FOLLOW_UP_TEMPLATES) as FollowUpTemplate[]).map((t) => ({
    value: t,
    label: FOLLOW_UP_TEMPLATES[t],
    text: render("sms", t, fields).body,
  }));
}

// ---------------------------------------------------------------- each user's choice

export function setAlertEmails(db: Db, audit: ActorAudit, choice: "immediately" | "daily" | "never") {
  db.transaction((tx) => {
    tx.update(users).set({ alertEmails: choice }).where(eq(users.id, audit.userId)).run();
    recordAudit(tx, audit, {
      action: "user.alert-emails",
      recordType: "user",
      recordId: audit.userId,
      detail: { choice },
    });
  });
}
