// POST /api/notify/received-texts: GOV.UK Notify's callback for a text someone sent back to the
// service's number. A STOP reply takes the number off every outreach campaign (only its keyed
// hash is kept); nothing else of a reply is stored. Notify sends the bearer token set in its
// callback settings, which must equal NOTIFY_CALLBACK_TOKEN; without that setting the route does not exist.
import { z } from "zod";
import { recordReply } from "~/domain/campaign-sending.server";
import { isNotifyCallbackAuthorised } from "~/domain/messages.server";
import { getDb } from "~/server/db.server";
import { env } from "~/utils/env.server";
import type { ActionFunctionArgs } from "@remix-run/node";

const replySchema = z.object({
  id: z.string().min(1).max(100),
  source_number: z.string().min(1).max(40),
  message: z.string().max(2000),
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
  const reply = replySchema.safeParse(body);
  if (!reply.success) return json(400, { error: "Not a Notify received text message" });
  return json(200, { result: recordReply(getDb(), reply.data.source_number, reply.data.message) });
}

export function loader() {
  return json(405, { error: "Use POST" });
}
