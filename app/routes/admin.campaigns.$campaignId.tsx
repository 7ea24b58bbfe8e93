// An administrator approves or refuses an outreach campaign's text, reading it exactly as it is
// sent and against every wording rule. Never shown here: the investigation reference, the numbers.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { CampaignStatusTag, TextPreview, WordingChecklist } from "~/components/campaign";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { campaignPageData, campaignResource, getCampaign, reviewTemplate } from "~/domain/campaigns.server";
import { DomainError } from "~/domain/errors";
import { assertPermission, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { notFound } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Campaign text · Administration · Pathway" }];

async function campaignFor(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const signedIn = await requirePermission(args, "campaign:approve");
  const campaign = getCampaign(getDb(), args.params.campaignId ?? "");
  if (!campaign) throw notFound();
  assertPermission(signedIn.actor, "campaign:approve", campaignResource(campaign));
  return { ...signedIn, campaign };
}

export async function loader(args: LoaderFunctionArgs) {
  const { campaign } = await campaignFor(args);
  const page = campaignPageData(getDb(), campaign, "administrator");
  return {
    campaign: { id: campaign.id, name: campaign.name, status: campaign.status, code: campaign.code },
    names: page.names,
    preview: page.preview,
    numbers: page.progress.total,
    review: page.review,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { campaign, audit } = await campaignFor(args);
  const formData = await args.request.formData();
  const decision = formData.get("decision");
  const reason = String(formData.get("reason") ?? "").slice(0, 1000);
  if (decision !== "approve" && decision !== "refuse")
    return data(
      { errors: { decision: "Choose to approve or refuse the text." } as Record<string, string>, reason },
      { status: 400 },
    );
  try {
    reviewTemplate(
      getDb(),
      audit,
      campaign.id,
      decision === "approve" ? { approve: true } : { approve: false, reason },
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, reason },
      { status: error.status },
    );
  }
  throw redirect(`/admin/campaigns/${campaign.id}`);
}

export default function CampaignReview() {
  const { campaign, names, preview, numbers, review } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  return (
    <AdminPage title={campaign.name} lead={<CampaignStatusTag status={campaign.status} />}>
      <p className="mb-4">
        <Link to="/admin/campaigns">Back to campaign texts</Link>
      </p>
      <ErrorSummary errors={errors} labels={{ reason: "Why it is refused" }} />
      {review?.current ? (
        <Notice tone={review.decision === "approved" ? "success" : "warning"}>
          {review.decision === "approved" ? "Approved" : "Refused"} by {review.reviewerName} on{" "}
          {formatDateTime(review.reviewedAt)}
          {review.reason ? `: ${review.reason}` : "."}
        </Notice>
      ) : null}
      <p className="mb-4">
        From {names.police}, with {names.provider} answering, in {names.area || "no area"};{" "}
        {numbers.toLocaleString("en-GB")} numbers in the list.
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <TextPreview preview={preview} />
        <WordingChecklist preview={preview} />
      </div>
      {campaign.status === "awaiting_approval" ? (
        <section aria-labelledby="decision-heading" className="card mt-6 max-w-3xl">
          <h2 id="decision-heading" className="text-xl font-bold">
            Your decision
          </h2>
          {preview.problems.length ? (
            <p className="mt-1 font-semibold text-red-800">
              The text breaks the wording rules above: it can only be refused.
            </p>
          ) : null}
          <div className="mt-3 flex flex-wrap items-start gap-6">
            {preview.problems.length ? null : (
              <Form method="post">
                <input type="hidden" name="decision" value="approve" />
                <SubmitButton>Approve the text</SubmitButton>
              </Form>
            )}
            <Form method="post" className="min-w-0 flex-1 space-y-3" noValidate>
              <input type="hidden" name="decision" value="refuse" />
              <TextField
                name="reason"
                label="Why it is refused"
                hint="The police user sees this and changes the text."
                multiline
                rows={3}
                error={errors.reason}
                defaultValue={actionData?.reason}
                maxLength={1000}
              />
              <SubmitButton className="button-secondary">Refuse the text</SubmitButton>
            </Form>
          </div>
          {errors.decision ? <p className="mt-2 font-semibold text-red-800">{errors.decision}</p> : null}
        </section>
      ) : null}
    </AdminPage>
  );
}
