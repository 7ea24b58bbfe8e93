// The release card says when: the date to expect contact, whom to phone, and an easy-read version.
import { eq } from "drizzle-orm";
import { arrestReferrals, users } from "#db/schema";
import { makeOnwardReferral, makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

test("the person leaves custody knowing when the service will call, their worker's number, and can have it in easy read", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const { referralId } = makeReferral(db, { givenName: "Shona" });
  const worker = db.select().from(users).where(eq(users.email, "worker@pathway.example")).get()!;
  db.update(arrestReferrals)
    .set({ state: "assessed", assignedWorkerId: worker.id, assignedOrganisationId: worker.organisationId })
    .where(eq(arrestReferrals.id, referralId))
    .run();
  // Sent today to a service that usually gets in touch within 12 days.
  makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
  const expected = new Date(Date.now() + 12 * 86400_000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "Europe/London",
  });

  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}/card`);
  await expect(page.getByRole("heading", { level: 1, name: "Shona, here is who will be in touch" })).toBeVisible();
  await expect(page.getByText(`usually within 12 days: expect to hear by ${expected}`)).toBeVisible();
  await expect(page.getByText("Phone 01632 960700")).toBeVisible();
  await checkA11y();

  await page.getByRole("link", { name: "Easy-read version" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shona, you said yes to getting help" })).toBeVisible();
  await expect(page.getByText(`They will phone you by ${expected}.`)).toBeVisible();
  await expect(page.getByText("Phone your worker on 01632 960700.")).toBeVisible();
  await checkA11y();
});
