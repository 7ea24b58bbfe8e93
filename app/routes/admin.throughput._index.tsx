import { useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { ThroughputEntry, ThroughputEntryActions } from "~/components/throughput-entry";
import { requirePermission } from "~/server/auth.server";
import { saveThroughputEntry, throughputEntryPage } from "~/server/throughput-pages.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Custody throughput · Administration · Pathway" }];

const BASE_PATH = "/admin/throughput";

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "admin:use");
  return throughputEntryPage(args.request, actor);
}

export async function action(args: ActionFunctionArgs) {
  return saveThroughputEntry(args.request, await requirePermission(args, "admin:use"), BASE_PATH);
}

export default function CustodyThroughput() {
  return (
    <AdminPage
      title="Custody throughput"
      lead="Detentions at each custody centre each month, and how many disclosed drug, alcohol or mental-health problems: what commissioners' referral rates divide by."
      actions={<ThroughputEntryActions basePath={BASE_PATH} />}
    >
      <ThroughputEntry
        data={useLoaderData<typeof loader>()}
        actionData={useActionData<typeof action>()}
        basePath={BASE_PATH}
      />
    </AdminPage>
  );
}
