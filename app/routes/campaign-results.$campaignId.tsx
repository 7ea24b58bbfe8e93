// One outreach campaign's results, step by step, for the police organisation that ran it and its
// named partners. Others get 404: a campaign they are not named on does not exist for them.
import { Link, useLoaderData } from "@remix-run/react";
import { CellText, DisclosureNote } from "~/components/campaign-results";
import { PageHeader } from "~/components/page";
import { CAMPAIGN_STEPS, campaignStepLabels } from "~/domain/campaign-results";
import { campaignResource, campaignResults, findCampaignForResults } from "~/domain/campaign-results.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { notFound } from "~/server/http.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.result.campaign.name}: results · Pathway` : "Campaign results · Pathway" },
];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "campaign-results:view");
  const db = getDb();
  const campaign = findCampaignForResults(db, args.params.campaignId ?? "");
  if (!campaign) throw notFound();
  await requirePermission(args, "campaign-results:view", campaignResource(campaign));
  const [result] = campaignResults(db, [campaign]);
  return { result, providerName: campaign.providerName };
}

export default function CampaignResultsPage() {
  const { result, providerName } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <Link to="/campaign-results">All campaign results</Link>
      </p>
      <PageHeader title={`${result.campaign.name}: results`} lead={`Self-referrals are answered by ${providerName}.`} />
      <div className="rounded-lg border border-slate-200 bg-white">
        <table className="table">
          <caption className="sr-only">What the campaign achieved, step by step</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="text-right">
                Count
              </th>
              <th scope="col">What it counts</th>
            </tr>
          </thead>
          <tbody>
            {CAMPAIGN_STEPS.map((step) => (
              <tr key={step}>
                <th scope="row" className="font-semibold">
                  {campaignStepLabels[step].label}
                </th>
                <td className="text-right tabular-nums" data-step={step}>
                  <CellText cell={result.cells[step]} />
                </td>
                <td className="text-slate-700">{campaignStepLabels[step].definition}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="mt-6 grid gap-4 sm:grid-cols-3">
        <div className="card">
          <dt className="font-semibold">Self-referred of delivered</dt>
          <dd className="text-2xl font-bold">
            <CellText cell={result.rates.selfReferredOfDelivered} />
          </dd>
        </div>
        <div className="card">
          <dt className="font-semibold">Contacted of self-referred</dt>
          <dd className="text-2xl font-bold">
            <CellText cell={result.rates.contactedOfSelfReferred} />
          </dd>
        </div>
        <div className="card">
          <dt className="font-semibold">Engaged at 12 weeks of self-referred</dt>
          <dd className="text-2xl font-bold">
            <CellText cell={result.rates.engagedOfSelfReferred} />
          </dd>
        </div>
      </dl>
      <DisclosureNote />
    </>
  );
}
