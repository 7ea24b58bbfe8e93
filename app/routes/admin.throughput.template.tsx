// The CSV template for importing custody throughput: the columns, and a row per centre.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { throughputTemplateCsv } from "~/domain/throughput.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return new Response(throughputTemplateCsv(getDb()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="pathway_custody-throughput_template.csv"',
      "Cache-Control": "no-store",
    },
  });
}
