// GET /worker/queue/changes?since=V: the queue page's 10-second refresh asks whether anything in
// the provider's queue changed since the version it shows. Nearly always nothing has: an empty
// 204 from one read of the version, without reading the queue. Otherwise 200 with the version,
// and the page reloads its data.
import { z } from "zod";
import { queueVersion } from "~/domain/queue.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

const querySchema = z.object({ since: z.coerce.number().int().catch(-1) });

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requirePermission(args, "worker:use");
  const { since } = querySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const version = queueVersion(getDb(), user.organisationId);
  const headers = { "Cache-Control": "no-store" };
  if (version === since) return new Response(null, { status: 204, headers });
  return Response.json({ version }, { headers });
}
