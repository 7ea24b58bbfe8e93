import { useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { ThroughputImport } from "~/components/throughput-import";
import { MAX_IMPORT_ROWS } from "~/domain/throughput.server";
import { requirePermission } from "~/server/auth.server";
import { importThroughputFile } from "~/server/throughput-pages.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import custody throughput · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return { maxRows: MAX_IMPORT_ROWS };
}

export async function action(args: ActionFunctionArgs) {
  return importThroughputFile(args.request, await requirePermission(args, "admin:use"));
}

export default function ImportThroughput() {
  const { maxRows } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Import custody throughput"
      lead="Monthly figures for many centres and months at once, from a CSV file."
    >
      <ThroughputImport maxRows={maxRows} actionData={useActionData<typeof action>()} basePath="/admin/throughput" />
    </AdminPage>
  );
}
