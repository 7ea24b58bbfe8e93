// Messages that leave Pathway, sent by the message job through a fake GOV.UK Notify (an HTTP
// server in this process that checks the client's JWT) and a real SMTP server (smtp-server).
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { consents, messages, notifications, people, users } from "#db/schema";
import { withdrawConsent } from "~/domain/consents.server";
import { notifyChannel, outboxChannel, smtpChannel, type Channels } from "~/domain/message-channels.server";
import { EMAIL_TEMPLATES, FOLLOW_UP_TEMPLATES, SMS_TEMPLATES, unsayableWordIn } from "~/domain/message-templates";
import {
  queueAlertEmails,
  queueDailyAlertDigests,
  queueFollowUpText,
  queueNewReferralEmail,
  queueOverdueDigests,
  recordDeliveryReceipt,
  runMessageJob,
  setAlertEmails,
  setTurnedOffMessageTypes,
} from "~/domain/messages.server";
import { reportOutcome } from "~/domain/outcomes.server";
import { claimReferral } from "~/domain/referrals.server";
import { inviteUser } from "~/domain/users.server";
import { ukDateOf } from "~/utils/dates";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { startFakeNotify, verifyNotifyToken, type FakeNotify } from "../support/fake-notify";
import { createDemoWorldDb } from "../support/test-db";
import type { AddressInfo } from "node:net";

const EMAIL_TEMPLATE = "11111111-1111-4111-8111-111111111111";
const SMS_TEMPLATE = "22222222-2222-4222-8222-222222222222";
const serviceWorker = { userId: "user-service", organisationId: "org-nads", ipAddress: "127.0.0.1" };
const HOUR = 3600_000;

type Mail = { to: string[]; raw: string };
let notify: FakeNotify;
let smtp: SMTPServer;
let smtpPort: number;
const mails: Mail[] = [];

beforeAll(async () => {
  notify = await startFakeNotify();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await notify.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(() => {
  notify.requests.length = 0;
  notify.notifications.length = 0;
  mails.length = 0;
});

const notifyChannels = (): Channels => {
  const channels = notifyChannel({
    apiKey: notify.apiKey,
    baseUrl: notify.baseUrl,
    emailTemplateId: EMAIL_TEMPLATE,
    smsTemplateId: SMS_TEMPLATE,
  });
  return { email: channels.email!, sms: channels.sms! };
};
const smtpChannels = (): Channels => ({
  email: smtpChannel({ url: `smtp://127.0.0.1:${smtpPort}`, from: "Pathway <pathway@example.org>" }),
  sms: outboxChannel(),
});
const allMessages = (db: Db) => db.select().from(messages).all();

/** A person booked in custody who agreed to be contacted by phone after release, with a worker. */
function personWhoAgreedToTexts(db: Db) {
  const { referralId, personId } = makeReferral(db, { contactAfterRelease: true, phone: "07700900123" } as never);
  const worker = db.select().from(users).where(eq(users.email, "worker@pathway.example")).get()!;
  claimReferral(db, { userId: worker.id, organisationId: worker.organisationId }, referralId);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted" });
  return { referralId, personId: personId as string, onwardId, worker };
}

function bookAppointment(db: Db, onwardId: string, appointmentAt: Date, now: Date) {
  return reportOutcome(
    db,
    serviceWorker,
    onwardId,
    {
      kind: "appointment_booked",
      occurredOn: ukDateOf(now),
      appointmentAt: appointmentAt.toISOString(),
      place: "14 Harbour Road, Northfirth",
    },
    { source: "web", now },
  );
}

describe("the words of messages", () => {
  const sample = {
    count: 2,
    link: "https://pathway.example.org/x",
    settingsLink: "https://pathway.example.org/y",
    hours: 72,
  };

  it("no text to a person mentions police, custody, arrest, drugs or alcohol, in any template", () => {
    const fields = {
      serviceName: "Harbour Housing",
      time: "8 Dec 2026, 10:00",
      place: "2 Mill Lane",
      phone: "01632 960101",
      workerName: "Jamie",
    };
    for (const [name, template] of Object.entries(SMS_TEMPLATES)) {
      expect(unsayableWordIn(template(fields).body), name).toBeNull();
      // A Notify text is one to three fragments of 160 characters; these stay within two.
      expect(template(fields).body.length, name).toBeLessThanOrEqual(306);
    }
    for (const label of Object.values(FOLLOW_UP_TEMPLATES)) expect(unsayableWordIn(label)).toBeNull();
  });

  it("the check catches the words, whatever their case or form", () => {
    for (const text of [
      "Police Scotland",
      "your CUSTODY record",
      "after your arrest",
      "arrested",
      "Drug service",
      "alcohol team",
      "Alcoholics",
      "prison",
    ]) {
      expect(unsayableWordIn(text), text).not.toBeNull();
    }
    for (const text of ["Harbour Housing Trust", "Kelmoor Community Recovery Hub", "Cellardyke Road"])
      expect(unsayableWordIn(text), text).toBeNull();
  });

  it("emails hold counts and links only: every template, with any fields, says nothing about a person", () => {
    for (const [name, template] of Object.entries(EMAIL_TEMPLATES)) {
      const rendered = template({
        ...sample,
        name: "Alex Example",
        dateOfBirth: "1988-03-14",
        serviceName: "Northfirth Drug and Alcohol Treatment",
      });
      const text = `${rendered.subject}\n${rendered.body}`;
      expect(text, name).not.toMatch(/Alex|1988|Northfirth|Drug/);
    }
  });
});

describe("appointment reminders by text", () => {
  it("is sent 24 hours before, through Notify, to the person's number, with the service, time, place and how to rearrange", async () => {
    const db = createDemoWorldDb();
    const { onwardId } = personWhoAgreedToTexts(db);
    const bookedAt = new Date();
    const appointmentAt = new Date(bookedAt.getTime() + 72 * HOUR);
    bookAppointment(db, onwardId, appointmentAt, bookedAt);

    const [reminder] = allMessages(db).filter((m) => m.type === "appointment.reminder");
    expect(reminder).toMatchObject({
      channel: "sms",
      recipient: "07700900123",
      status: "queued",
      nextAttemptAt: new Date(appointmentAt.getTime() - 24 * HOUR).toISOString(),
    });

    // Nothing goes before its time.
    expect(
      await runMessageJob(db, notifyChannels(), { now: new Date(appointmentAt.getTime() - 25 * HOUR) }),
    ).toMatchObject({ sent: 0 });
    expect(notify.sent()).toHaveLength(0);

    const report = await runMessageJob(db, notifyChannels(), { now: new Date(appointmentAt.getTime() - 24 * HOUR) });
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const [sms] = notify.sent("sms");
    expect(sms).toMatchObject({ phone_number: "07700900123", template_id: SMS_TEMPLATE, reference: reminder.id });
    // The service's own name holds "Drug and Alcohol": the text says "the service" instead.
    expect(sms.personalisation.body).toMatch(
      /^Reminder: you have an appointment with the service on .+ at 14 Harbour Road, Northfirth\. To rearrange, call 01632 960101\.$/,
    );
    expect(unsayableWordIn(sms.personalisation.body)).toBeNull();
    expect(notify.requests.every((r) => r.authorised)).toBe(true);
    expect(db.select().from(messages).where(eq(messages.id, reminder.id)).get()).toMatchObject({
      status: "sent",
      provider: "notify",
      providerId: sms.id,
      attemptCount: 1,
    });

    // A second run sends nothing more.
    await runMessageJob(db, notifyChannels(), { now: new Date(appointmentAt.getTime() - 23 * HOUR) });
    expect(notify.sent()).toHaveLength(1);
  });

  it("no reminder without consent to be contacted by phone or text", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted" });
    bookAppointment(db, onwardId, new Date(Date.now() + 72 * HOUR), new Date());
    expect(allMessages(db).filter((m) => m.channel === "sms")).toHaveLength(0);
  });

  it("consent withdrawn: a reminder already queued is not sent, and no new text can be sent", async () => {
    const db = createDemoWorldDb();
    const { onwardId, personId, referralId, worker } = personWhoAgreedToTexts(db);
    const appointmentAt = new Date(Date.now() + 72 * HOUR);
    bookAppointment(db, onwardId, appointmentAt, new Date());
    const consent = db
      .select()
      .from(consents)
      .where(eq(consents.personId, personId))
      .all()
      .find((c) => c.scope === "contact_after_release")!;
    withdrawConsent(db, { userId: worker.id, organisationId: worker.organisationId }, consent.id);

    await runMessageJob(db, notifyChannels(), { now: new Date(appointmentAt.getTime() - 24 * HOUR) });
    expect(notify.sent()).toHaveLength(0);
    expect(allMessages(db).find((m) => m.type === "appointment.reminder")).toMatchObject({ status: "cancelled" });
    expect(() =>
      queueFollowUpText(
        db,
        { userId: worker.id, organisationId: worker.organisationId },
        referralId,
        "follow-up-checking-in",
      ),
    ).toThrow(/not agreed|withdrew/);
  });

  it("a new booking replaces the reminder still waiting", () => {
    const db = createDemoWorldDb();
    const { onwardId } = personWhoAgreedToTexts(db);
    const now = new Date();
    bookAppointment(db, onwardId, new Date(now.getTime() + 72 * HOUR), now);
    bookAppointment(db, onwardId, new Date(now.getTime() + 96 * HOUR), now);
    const reminders = allMessages(db).filter((m) => m.type === "appointment.reminder");
    expect(reminders.map((m) => m.status).sort()).toEqual(["cancelled", "queued"]);
  });
});

describe("sending safely", () => {
  it("retries after Notify answers 500, with backoff, recording each attempt, and sends once", async () => {
    const db = createDemoWorldDb();
    const { onwardId } = personWhoAgreedToTexts(db);
    const now = new Date();
    bookAppointment(db, onwardId, new Date(now.getTime() + 2 * HOUR), now);
    notify.failNext(500);

    expect(await runMessageJob(db, notifyChannels(), { now })).toMatchObject({ sent: 0, retrying: 1 });
    let reminder = allMessages(db).find((m) => m.type === "appointment.reminder")!;
    expect(reminder).toMatchObject({
      status: "queued",
      attemptCount: 1,
      nextAttemptAt: new Date(now.getTime() + 60_000).toISOString(),
    });
    expect(reminder.attempts[0].error).toMatch(/500/);

    expect(await runMessageJob(db, notifyChannels(), { now: new Date(now.getTime() + 30_000) })).toMatchObject({
      sent: 0,
      retrying: 0,
    });
    expect(await runMessageJob(db, notifyChannels(), { now: new Date(now.getTime() + 60_000) })).toMatchObject({
      sent: 1,
    });
    reminder = allMessages(db).find((m) => m.type === "appointment.reminder")!;
    expect(reminder).toMatchObject({ status: "sent", attemptCount: 2 });
    expect(reminder.attempts.map((a) => Boolean(a.error))).toEqual([true, false]);
    expect(notify.sent()).toHaveLength(1);
    expect(notify.requests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("a crash between sending and recording does not send twice: Notify is asked by our reference", async () => {
    const db = createDemoWorldDb();
    const { onwardId } = personWhoAgreedToTexts(db);
    const now = new Date();
    bookAppointment(db, onwardId, new Date(now.getTime() + 2 * HOUR), now);
    const crash = () => {
      throw new Error("the process stopped here");
    };
    await expect(runMessageJob(db, notifyChannels(), { now, afterSend: crash })).rejects.toThrow(
      "the process stopped here",
    );
    expect(notify.sent()).toHaveLength(1);
    expect(allMessages(db).find((m) => m.type === "appointment.reminder")).toMatchObject({ status: "sending" });

    // Soon after, the attempt may still be under way elsewhere: left alone.
    expect(await runMessageJob(db, notifyChannels(), { now: new Date(now.getTime() + 60_000) })).toMatchObject({
      recovered: 0,
      sent: 0,
    });
    // Later, it is looked up and recorded, not sent again.
    expect(await runMessageJob(db, notifyChannels(), { now: new Date(now.getTime() + 11 * 60_000) })).toMatchObject({
      recovered: 1,
      sent: 0,
    });
    expect(notify.sent()).toHaveLength(1);
    expect(notify.requests.some((r) => r.method === "GET" && r.query.reference === notify.sent()[0].reference)).toBe(
      true,
    );
    expect(allMessages(db).find((m) => m.type === "appointment.reminder")).toMatchObject({
      status: "sent",
      providerId: notify.sent()[0].id,
    });
  });

  it("a crash before Notify had it: the lookup finds nothing and it is sent, once", async () => {
    const db = createDemoWorldDb();
    const { onwardId } = personWhoAgreedToTexts(db);
    const now = new Date();
    bookAppointment(db, onwardId, new Date(now.getTime() + 2 * HOUR), now);
    const reminder = allMessages(db).find((m) => m.type === "appointment.reminder")!;
    db.update(messages)
      .set({ status: "sending", attemptCount: 1, lastAttemptAt: now.toISOString() })
      .where(eq(messages.id, reminder.id))
      .run();
    await runMessageJob(db, notifyChannels(), { now: new Date(now.getTime() + 11 * 60_000) });
    expect(notify.sent()).toHaveLength(1);
  });

  it("refuses a request with a token not signed by the key's secret", () => {
    expect(verifyNotifyToken("a.b.c", notify.serviceId, "secret")).toBe(false);
  });

  it("a Notify key the fake does not know is refused (403) and the message fails at once", async () => {
    const db = createDemoWorldDb();
    const { onwardId } = personWhoAgreedToTexts(db);
    const now = new Date();
    bookAppointment(db, onwardId, new Date(now.getTime() + 2 * HOUR), now);
    const wrongKey = notify.apiKey.replace(/.{36}$/, "00000000-0000-4000-8000-000000000000");
    const wrong = notifyChannel({ apiKey: wrongKey, baseUrl: notify.baseUrl, smsTemplateId: SMS_TEMPLATE });
    expect(await runMessageJob(db, { email: outboxChannel(), sms: wrong.sms! }, { now })).toMatchObject({ failed: 1 });
    expect(notify.requests.map((r) => r.authorised)).toEqual([false]);
    expect(notify.sent()).toHaveLength(0);
  });
});

describe("delivery receipts", () => {
  it("a permanent failure marks the number not working, tells the worker, and stops texts to it", async () => {
    const db = createDemoWorldDb();
    const { onwardId, personId, referralId, worker } = personWhoAgreedToTexts(db);
    const now = new Date();
    bookAppointment(db, onwardId, new Date(now.getTime() + 2 * HOUR), now);
    await runMessageJob(db, notifyChannels(), { now });
    const [sms] = notify.sent("sms");

    expect(
      recordDeliveryReceipt(
        db,
        { id: sms.id, reference: sms.reference, status: "permanent-failure", notification_type: "sms" },
        now,
      ),
    ).toBe(true);
    expect(db.select().from(people).where(eq(people.id, personId)).get()!.phoneNotWorkingAt).not.toBeNull();
    expect(allMessages(db).find((m) => m.id === sms.reference)).toMatchObject({ deliveryStatus: "permanent-failure" });
    const told = db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, worker.id))
      .all()
      .filter((n) => n.kind === "person.phone_not_working");
    expect(told).toHaveLength(1);
    expect(told[0].link).toBe(`/worker/referrals/${referralId}`);

    expect(() =>
      queueFollowUpText(
        db,
        { userId: worker.id, organisationId: worker.organisationId },
        referralId,
        "follow-up-checking-in",
      ),
    ).toThrow(/not working/);
    expect(recordDeliveryReceipt(db, { id: "unknown", reference: "not-ours", status: "delivered" })).toBe(false);
  });
});

describe("emails", () => {
  it("an invitation goes to the person by Notify with the link; the stored copy loses the link once sent", async () => {
    const db = createDemoWorldDb();
    const admin = db.select().from(users).where(eq(users.email, "admin@pathway.example")).get()!;
    const invited = inviteUser(
      db,
      { userId: admin.id, organisationId: admin.organisationId },
      { name: "Nina New", email: "nina@example.org", role: "service_worker", organisationId: "org-nads" },
    );
    await runMessageJob(db, notifyChannels());
    const [email] = notify.sent("email");
    expect(email).toMatchObject({
      email_address: "nina@example.org",
      template_id: EMAIL_TEMPLATE,
      reference: invited.messageId,
    });
    expect(email.personalisation.subject).toBe("You have been invited to Pathway");
    expect(email.personalisation.body).toContain(`/set-password/${invited.token}`);
    expect(JSON.stringify(allMessages(db).find((m) => m.id === invited.messageId)!.personalisation)).not.toContain(
      invited.token,
    );
  });

  it("new referrals: one email to the service's referral address through SMTP, counting them, with nothing personal", async () => {
    const db = createDemoWorldDb();
    const { offer } = makeReferral(db);
    db.transaction((tx) => {
      queueNewReferralEmail(tx, "svc-nads-treatment");
      queueNewReferralEmail(tx, "svc-nads-treatment");
    });
    expect(await runMessageJob(db, smtpChannels())).toMatchObject({ sent: 1 });
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(["referrals+nads-treatment@pathway.example"]);
    expect(mails[0].raw).toContain("You have 2 new referrals in Pathway");
    expect(mails[0].raw).not.toContain(offer.familyName!);
  });

  it("a user's own alerts: a generic email at once, none for 'never', a digest for 'daily'; overdue feedback only weekly per service", () => {
    const db = createDemoWorldDb();
    const worker = db.select().from(users).where(eq(users.email, "worker@pathway.example")).get()!;
    const { referralId } = makeReferral(db);
    const onwardId = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-nads-treatment",
      status: "requested",
      daysAgo: 40,
    });
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "declined", occurredOn: ukDateOf(new Date()), reason: "not_eligible" } as never,
      { source: "web" },
    );
    const alert = allMessages(db).find((m) => m.type === "user.alerts")!;
    expect(alert).toMatchObject({ recipient: worker.email, template: "alerts" });
    expect(Object.keys(alert.personalisation).sort()).toEqual(["count", "link", "settingsLink"]);

    setAlertEmails(db, { userId: worker.id, organisationId: worker.organisationId }, "never");
    db.delete(messages).run();
    db.transaction((tx) => queueAlertEmails(tx, [worker.id], "onward_referral.declined"));
    expect(allMessages(db)).toHaveLength(0);

    setAlertEmails(db, { userId: worker.id, organisationId: worker.organisationId }, "daily");
    expect(queueDailyAlertDigests(db)).toEqual({ queued: 1 });
    expect(queueDailyAlertDigests(db)).toEqual({ queued: 0 });

    // Overdue feedback never goes one email per referral.
    db.transaction((tx) => queueAlertEmails(tx, [worker.id], "feedback.overdue"));
    const referralId2 = makeReferral(db).referralId;
    makeOnwardReferral(db, {
      referralId: referralId2,
      serviceId: "svc-nads-treatment",
      status: "requested",
      daysAgo: 40,
    });
    expect(queueOverdueDigests(db)).toEqual({ queued: 1 });
    expect(queueOverdueDigests(db)).toEqual({ queued: 0 });
    const digest = allMessages(db).find((m) => m.type === "feedback.overdue-digest")!;
    expect(digest).toMatchObject({
      recipient: "referrals+nads-treatment@pathway.example",
      personalisation: { count: 1 },
    });
  });

  it("a message type an administrator turned off is not queued", () => {
    const db = createDemoWorldDb();
    const admin = db.select().from(users).where(eq(users.email, "admin@pathway.example")).get()!;
    setTurnedOffMessageTypes(db, { userId: admin.id, organisationId: admin.organisationId }, ["onward_referral.new"]);
    db.transaction((tx) => queueNewReferralEmail(tx, "svc-nads-treatment"));
    expect(allMessages(db)).toHaveLength(0);
  });

  it("with no channel set up, every message is held in the Outbox", async () => {
    const db = createDemoWorldDb();
    db.transaction((tx) => queueNewReferralEmail(tx, "svc-nads-treatment"));
    const printed: string[] = [];
    expect(
      await runMessageJob(db, { email: outboxChannel((l) => printed.push(l)), sms: outboxChannel() }),
    ).toMatchObject({ held: 1 });
    expect(allMessages(db)[0]).toMatchObject({ status: "held", provider: "outbox" });
    expect(printed.join("\n")).toContain("You have 1 new referral in Pathway");
  });
});
