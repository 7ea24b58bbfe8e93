// Outreach campaigns compared: each campaign the user's organisation is named on, one row each,
// with every step from texts sent to engagement at 12 weeks (protected counts).
import { Link, useLoaderData } from "@remix-run/react";
import { CellText, DisclosureNote } from "~/components/campaign-results";
import { PageHeader, EmptyState } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { CAMPAIGN_STEPS, campaignStepLabels } from "~/domain/campaign-results";
import { campaignResults, visibleCampaigns } from "~/domain/campaign-results.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Campaign results · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "campaign-results:view");
  const db = getDb();
  return { results: campaignResults(db, visibleCampaigns(db, actor)) };
}

export default function CampaignResultsComparison() {
  const { results } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Campaign results"
        lead="Outreach campaigns your organisation ran or is a partner in, side by side: from texts sent to people engaged with a service."
      />
      {results.length ? (
        <ScrollsSideways label="Campaigns compared" className="rounded-lg border border-slate-200 bg-white">
          <table className="table">
            <caption className="sr-only">Each campaign's figures, step by step</caption>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                {CAMPAIGN_STEPS.map((step) => (
                  <th key={step} scope="col" className="text-right">
                    {campaignStepLabels[step].label}
                  </th>
                ))}
                <th scope="col" className="text-right">
                  Self-referred of delivered
                </th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.campaign.id}>
                  <th scope="row" className="font-semibold">
                    <Link to={`/campaign-results/${r.campaign.id}`}>{r.campaign.name}</Link>
                  </th>
                  {CAMPAIGN_STEPS.map((step) => (
                    <td key={step} className="text-right tabular-nums">
                      <CellText cell={r.cells[step]} />
                    </td>
                  ))}
                  <td className="text-right tabular-nums">
                    <CellText cell={r.rates.selfReferredOfDelivered} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollsSideways>
      ) : (
        <EmptyState title="No campaign results yet">
          Results appear here once a campaign your organisation is named on has been approved.
        </EmptyState>
      )}
      <DisclosureNote />
    </>
  );
}
