// A custody officer keeps the monthly throughput of their own force's custody centres. The page
// is on the police side ("custody:use"); which centres it offers, and whether a posted centre
// may be saved, is "throughput:manage" for each centre.
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { ThroughputEntry, ThroughputEntryActions } from "~/components/throughput-entry";
import { requirePermission } from "~/server/auth.server";
import { saveThroughputEntry, throughputEntryPage } from "~/server/throughput-pages.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Custody throughput · Pathway" }];

const BASE_PATH = "/custody/throughput";

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "custody:use");
  return throughputEntryPage(args.request, actor);
}

export async function action(args: ActionFunctionArgs) {
  return saveThroughputEntry(args.request, await requirePermission(args, "custody:use"), BASE_PATH);
}

export default function CustodyCentresThroughput() {
  return (
    <>
      <PageHeader
        title="Custody throughput"
        lead="Detentions at your force's custody centres each month, and how many disclosed drug, alcohol or mental-health problems: what commissioners' referral rates divide by."
        actions={<ThroughputEntryActions basePath={BASE_PATH} />}
      />
      <ThroughputEntry
        data={useLoaderData<typeof loader>()}
        actionData={useActionData<typeof action>()}
        basePath={BASE_PATH}
      />
    </>
  );
}
