// A force's outreach campaigns: texts offering support to the numbers found in an investigation.
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignStatusTag } from "~/components/campaign";
import { EmptyState, PageHeader } from "~/components/page";
import { listCampaignsOfForce } from "~/domain/campaigns.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Outreach campaigns · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requirePermission(args, "campaign:manage");
  return { campaigns: listCampaignsOfForce(getDb(), organisation.id) };
}

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Outreach campaigns"
        lead="Text the numbers found in an investigation, offering support from a partner provider."
        actions={
          <>
            <Link to="/campaign-results" className="button button-secondary">
              Results of campaigns
            </Link>
            <Link to="/police/campaigns/new" className="button">
              Create a campaign
            </Link>
          </>
        }
      />
      {campaigns.length ? (
        <ul className="space-y-3">
          {campaigns.map((c) => (
            <li key={c.id} className="card flex flex-wrap items-baseline justify-between gap-2">
              <div>
                <h2 className="text-lg font-bold">
                  <Link to={`/police/campaigns/${c.id}`}>{c.name}</Link>
                </h2>
                <p className="text-slate-700">
                  With {c.providerName} · code {c.code} · changed {formatDateTime(c.updatedAt ?? c.createdAt)}
                </p>
              </div>
              <CampaignStatusTag status={c.status} />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No campaigns yet">Create one to text the numbers found in an investigation.</EmptyState>
      )}
    </>
  );
}
