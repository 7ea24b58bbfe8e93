// Issue 21's story, items 1–4: a police officer creates an outreach campaign from a file of
// numbers, an administrator approves its text, and the campaign sends through the Outbox (no
// Notify here) with its progress on the page. The campaign job runs in this process against the
// server's database, with its own "now", as the server's background job would (tests never wait).
import { eq } from "drizzle-orm";
import { campaignNumbers, campaigns } from "#db/schema";
import { runCampaignSending } from "~/domain/campaign-sending.server";
import { outboxChannel } from "~/domain/message-channels.server";
import { expect, test } from "../fixtures";

const outbox = { email: outboxChannel(), sms: outboxChannel() };
const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

test("a police officer's campaign: numbers from a file, the text approved, sent with progress", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(120_000);
  const name = `Operation ${letters(8)}`;
  const base = 900000 + Math.floor(Math.random() * 90000);
  const numbers = [0, 1, 2, 3].map((i) => `07700 ${base + i}`);
  // Four numbers, one written twice in another shape, and a landline.
  const file = [
    numbers[0],
    numbers[1],
    `+44${numbers[1].replace(/\s/g, "").slice(1)}`,
    numbers[2],
    "01632 960101",
    numbers[3],
  ].join("\n");

  await login("police_officer");
  await page.goto("/police/campaigns");
  await page.getByRole("link", { name: "Create a campaign" }).click();
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Investigation reference").fill("OP-HIDDEN-REFERENCE");
  await page.getByLabel("Area").selectOption({ label: "Northfirth Council" });
  await page.getByLabel("Partner provider").selectOption({ label: "Firth Recovery Partnership" });
  await page.getByLabel("Texts a minute").fill("60");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const campaignId = new URL(page.url()).pathname.split("/").at(-1)!;
  const code = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!.code;
  await expect(page.getByText(`/h/${code} Reply STOP`)).toBeVisible();
  await expect(page.getByTestId("sms-length")).toContainText("sent as 2 text messages");

  await page.getByLabel("File of phone numbers (CSV or TXT)").setInputFiles({
    name: "numbers.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(file),
  });
  await page.getByRole("button", { name: "Upload numbers", exact: true }).click();
  const summary = page.getByTestId("upload-summary");
  await expect(summary).toContainText("6 entries read, 4 kept");
  await expect(summary).toContainText("Repeated in the file: 1");
  await expect(summary).toContainText("Not a mobile number a text can go to: 1 (lines 5)");
  await checkA11y();
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `tests/.tmp/screens/campaign-${size}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "Ask for approval" }).click();
  await expect(page.getByText("Waiting for an administrator to approve the text.")).toBeVisible();

  await login("administrator");
  await page.goto("/admin/campaigns");
  await page.getByRole("link", { name }).click();
  await expect(page.getByText(`/h/${code} Reply STOP`)).toBeVisible();
  // The investigation reference is the force's alone.
  await expect(page.getByText("OP-HIDDEN-REFERENCE")).toHaveCount(0);
  await checkA11y();
  await page.screenshot({ path: "tests/.tmp/screens/campaign-approval-desktop.png", fullPage: true });
  await page.getByRole("button", { name: "Approve the text" }).click();
  await expect(page.getByText(/^Approved by/)).toBeVisible();

  await login("police_officer");
  await page.goto(`/police/campaigns/${campaignId}`);
  await page.getByRole("button", { name: "Start sending" }).click();
  await expect(page.getByText("0 of 4 numbers dealt with (0%)")).toBeVisible();

  // 60 a minute: two seconds' worth is two texts.
  const now = new Date();
  expect(await runCampaignSending(db, outbox, { campaignIds: [campaignId], seconds: 2, now })).toMatchObject({
    held: 2,
  });
  await page.getByRole("link", { name: "Refresh progress" }).click();
  await expect(page.getByText("2 of 4 numbers dealt with (50%)")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "2");
  await checkA11y();
  await page.screenshot({ path: "tests/.tmp/screens/campaign-progress-desktop.png", fullPage: true });

  await page.getByRole("button", { name: "Pause sending" }).click();
  await expect(page.getByRole("button", { name: "Resume sending" })).toBeVisible();
  expect(await runCampaignSending(db, outbox, { campaignIds: [campaignId], seconds: 60, now })).toMatchObject({
    held: 0,
  });
  await page.getByRole("button", { name: "Resume sending" }).click();
  await expect(page.getByRole("button", { name: "Pause sending" })).toBeVisible();
  expect(await runCampaignSending(db, outbox, { campaignIds: [campaignId], seconds: 60, now })).toMatchObject({
    held: 2,
    finished: 1,
  });
  await page.reload();
  await expect(page.getByText("Finished", { exact: true })).toBeVisible();
  await expect(page.getByText("4 of 4 numbers dealt with (100%)")).toBeVisible();
  await expect(page.getByTestId("progress-kept")).toHaveText("4");
  expect(
    db
      .select({ status: campaignNumbers.status })
      .from(campaignNumbers)
      .where(eq(campaignNumbers.campaignId, campaignId))
      .all(),
  ).toEqual(Array(4).fill({ status: "held" }));
});
