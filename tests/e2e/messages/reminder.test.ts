// The story of issue 19: a service books an appointment for a person who agreed to texts; 24
// hours before it, the message job (run here with that time as its "now", never by waiting)
// sends the reminder through GOV.UK Notify — a fake one in this process — and the Outbox shows it.
import { eq } from "drizzle-orm";
import { messages } from "#db/schema";
import { notifyChannel, outboxChannel } from "~/domain/message-channels.server";
import { runMessageJob } from "~/domain/messages.server";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../../support/factories";
import { startFakeNotify } from "../../support/fake-notify";
import { expect, test } from "../fixtures";

const SMS_TEMPLATE = "22222222-2222-4222-8222-222222222222";

test("an appointment reminder goes by text 24 hours before, and shows in the Outbox", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  const phone = `07700${String(900000 + Math.floor(Math.random() * 99999)).padStart(6, "0")}`;
  const { referralId } = makeReferral(db, { contactAfterRelease: true, phone } as never);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted" });
  shareAssessmentWithService(db, onwardId, ["housing"], { housing: { level: "medium" } });

  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);
  await page.getByLabel("Appointment date and time", { exact: true }).fill("2030-05-14T10:30");
  await page.getByLabel("Place", { exact: true }).fill("14 Harbour Road, Northfirth");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByText(/Recorded: first appointment booked\./).first()).toBeVisible();

  const reminder = db.select().from(messages).where(eq(messages.onwardReferralId, onwardId)).get()!;
  // 10:30 in London in May is 09:30 UTC; the reminder is due a day before.
  expect(reminder).toMatchObject({
    type: "appointment.reminder",
    recipient: phone,
    status: "queued",
    nextAttemptAt: "2030-05-13T09:30:00.000Z",
  });

  const notify = await startFakeNotify();
  try {
    const channels = {
      email: outboxChannel(),
      sms: notifyChannel({ apiKey: notify.apiKey, baseUrl: notify.baseUrl, smsTemplateId: SMS_TEMPLATE }).sms!,
    };
    expect(
      await runMessageJob(db, channels, { now: new Date("2030-05-13T09:00:00.000Z"), ids: [reminder.id] }),
    ).toMatchObject({ sent: 0 });
    expect(
      await runMessageJob(db, channels, { now: new Date("2030-05-13T09:30:00.000Z"), ids: [reminder.id] }),
    ).toMatchObject({ sent: 1 });
    expect(notify.sent("sms")).toEqual([
      expect.objectContaining({
        phone_number: phone,
        template_id: SMS_TEMPLATE,
        reference: reminder.id,
        personalisation: {
          body: "Reminder: you have an appointment with the service on 14 May 2030, 10:30 at 14 Harbour Road, Northfirth. To rearrange, call 01632 960101.",
        },
      }),
    ]);
    expect(notify.requests.every((r) => r.authorised)).toBe(true);
  } finally {
    await notify.close();
  }

  await login("administrator");
  await page.goto("/admin/outbox?status=sent");
  const entry = page
    .locator("li[data-message-type='appointment.reminder']")
    .filter({ hasText: `Text message to •••••••${phone.slice(-4)}` });
  await expect(entry).toBeVisible();
  await expect(entry.getByText("Sent", { exact: true })).toBeVisible();
  await expect(entry.getByText(/GOV\.UK Notify/)).toBeVisible();
  await expect(entry.getByText(/appointment with the service on 14 May 2030, 10:30/)).toBeVisible();
  await checkA11y();
  for (const [name, size] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `tests/.tmp/screens/outbox-${name}.png` });
  }
});

test("the Outbox lets an administrator turn a kind of message off and on", async ({ page, login, checkA11y }) => {
  await login("administrator");
  await page.goto("/admin/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  const checkbox = page.getByRole("checkbox", { name: /Workers' follow-up texts/ });
  await expect(checkbox).toBeChecked();
  await checkbox.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /Workers' follow-up texts/ })).not.toBeChecked();
  await page.getByRole("checkbox", { name: /Workers' follow-up texts/ }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("checkbox", { name: /Workers' follow-up texts/ })).toBeChecked();
  await checkA11y();
});
