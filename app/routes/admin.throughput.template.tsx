// The CSV template for importing custody throughput: the columns, and a row per centre.
import { requirePermission } from "~/server/auth.server";
import { throughputTemplate } from "~/server/throughput-pages.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "admin:use");
  return throughputTemplate(actor);
}
