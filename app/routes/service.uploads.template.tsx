// GET /service/uploads/template: the outcomes spreadsheet, with a row per open referral.
import { outcomeCsvTemplate } from "~/domain/outcome-csv.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "service-inbox:use");
  return new Response(outcomeCsvTemplate(getDb(), actor.serviceIds), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="pathway-outcomes.csv"',
    },
  });
}
