import { makeOnwardReferral, makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

test("an administrator issues a key, shown once, that lets the service's system read its Tasks; revoking stops it", async ({
  page,
  db,
  login,
  checkA11y,
  request,
}) => {
  const { referralId } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-harbour-housing", status: "requested" });

  await login("administrator");
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await checkA11y();
  await page.getByLabel("Service provider").selectOption({ label: "Harbour Housing Trust" });
  await page.getByLabel("Name", { exact: true }).fill("Housing CRM");
  await page.getByRole("button", { name: "Issue key" }).click();
  const key = await page.getByLabel("API key").inputValue();
  expect(key).toMatch(/^pwk_/);
  await checkA11y();

  const search = await request.get(`/api/fhir/Task?status=requested`, { headers: { Authorization: `Bearer ${key}` } });
  expect(search.status()).toBe(200);
  expect(search.headers()["cache-control"]).toMatch(/^no-store/);
  const bundle = await search.json();
  expect(bundle.resourceType).toBe("Bundle");
  expect(bundle.entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(onwardId);
  const read = await request.get(`/api/fhir/Task/${onwardId}`, { headers: { Authorization: `Bearer ${key}` } });
  expect((await read.json()).resourceType).toBe("Task");
  const accept = await request.patch(`/api/fhir/Task/${onwardId}`, {
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json-patch+json" },
    data: JSON.stringify([{ op: "replace", path: "/status", value: "accepted" }]),
  });
  expect(accept.status()).toBe(200);
  expect((await accept.json()).status).toBe("accepted");

  await page.goto("/admin/api-keys");
  await expect(page.getByText(key)).toHaveCount(0);
  await page
    .getByRole("row", { name: /Harbour Housing Trust Housing CRM/ })
    .first()
    .getByRole("button", { name: /Revoke/ })
    .click();
  await expect(page.getByText("The key is revoked")).toBeVisible();
  const refused = await request.get(`/api/fhir/Task/${onwardId}`, { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).resourceType).toBe("OperationOutcome");
});
