// The CSV template for a custody officer: the columns, and a row per centre of their force.
import { requirePermission } from "~/server/auth.server";
import { throughputTemplate } from "~/server/throughput-pages.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "custody:use");
  return throughputTemplate(actor);
}
