// POST /api/notify/delivery-receipts: GOV.UK Notify's callback with the delivery status of each
// email and text it sent for us. Notify sends the bearer token set in its callback settings,
// which must equal NOTIFY_CALLBACK_TOKEN. Without that setting the route does not exist.
import { z } from "zod";
import { recordCampaignDeliveryReceipt } from "~/domain/campaign-sending.server";
import { isNotifyCallbackAuthorised, recordDeliveryReceipt } from "~/domain/messages.server";
import { getDb } from "~/server/db.server";
import { env } from "~/utils/env.server";
import type { ActionFunctionArgs } from "@remix-run/node";

const receiptSchema = z.object({
  id: z.string().min(1).max(100),
  reference: z.string().max(100).nullish(),
  status: z.string().min(1).max(40),
  notification_type: z.string().max(20).optional(),
  completed_at: z.string().max(40).nullish(),
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export async function action({ request }: ActionFunctionArgs) {
  const expected = env().NOTIFY_CALLBACK_TOKEN;
  if (!expected) return json(404, { error: "Not found" });
  if (request.method !== "POST") return json(405, { error: "Use POST" });
  if (!isNotifyCallbackAuthorised(request.headers.get("Authorization"), expected))
    return json(401, { error: "Send the callback token as Authorization: Bearer <token>" });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json(400, { error: "The body must be JSON" });
  }
  const receipt = receiptSchema.safeParse(body);
  if (!receipt.success) return json(400, { error: "Not a Notify delivery receipt" });
  // A receipt for a message we do not know is still answered 200, so Notify does not retry it.
  // A message's receipt, or an outreach campaign text's (campaign_numbers, decision 031).
  const known = recordDeliveryReceipt(getDb(), receipt.data) || recordCampaignDeliveryReceipt(getDb(), receipt.data);
  return json(200, { recorded: known });
}

export function loader() {
  return json(405, { error: "Use POST" });
}
