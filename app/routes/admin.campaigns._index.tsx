// Administrators: outreach campaigns whose text waits for approval first, then every other.
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { CampaignStatusTag } from "~/components/campaign";
import { EmptyState } from "~/components/page";
import { listCampaignsForApproval } from "~/domain/campaigns.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Campaign texts · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "campaign:approve");
  return { campaigns: listCampaignsForApproval(getDb()) };
}

export default function CampaignApprovals() {
  const { campaigns } = useLoaderData<typeof loader>();
  const waiting = campaigns.filter((c) => c.status === "awaiting_approval").length;
  return (
    <AdminPage
      title="Campaign texts"
      lead={`Police outreach campaigns' texts: approve each before it is sent. ${waiting} waiting.`}
    >
      {campaigns.length ? (
        <ul className="space-y-3">
          {campaigns.map((c) => (
            <li key={c.id} className="card flex flex-wrap items-baseline justify-between gap-2">
              <div>
                <h2 className="text-lg font-bold">
                  <Link to={`/admin/campaigns/${c.id}`}>{c.name}</Link>
                </h2>
                <p className="text-slate-700">
                  {c.policeName} with {c.providerName}
                </p>
              </div>
              <CampaignStatusTag status={c.status} />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No campaigns yet" />
      )}
    </AdminPage>
  );
}
