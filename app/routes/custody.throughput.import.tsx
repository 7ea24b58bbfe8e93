// A custody officer imports throughput for their own force's custody centres from a CSV file.
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { ThroughputImport } from "~/components/throughput-import";
import { MAX_IMPORT_ROWS } from "~/domain/throughput.server";
import { requirePermission } from "~/server/auth.server";
import { importThroughputFile } from "~/server/throughput-pages.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Import custody throughput · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "custody:use");
  return { maxRows: MAX_IMPORT_ROWS };
}

export async function action(args: ActionFunctionArgs) {
  return importThroughputFile(args.request, await requirePermission(args, "custody:use"));
}

export default function ImportCustodyCentresThroughput() {
  const { maxRows } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Import custody throughput"
        lead="Monthly figures for your force's centres, many months at once, from a CSV file."
      />
      <ThroughputImport maxRows={maxRows} actionData={useActionData<typeof action>()} basePath="/custody/throughput" />
    </>
  );
}
