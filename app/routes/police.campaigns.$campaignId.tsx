// One outreach campaign, for its force: the text (changed until sending starts, approved by an
// administrator), the list of numbers (uploaded as CSV or TXT, with what was kept and dropped),
// and sending — started, paused, resumed or stopped here, done by the campaign job off any request.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  CampaignStatusTag,
  ProgressPanel,
  TextPreview,
  UploadSummaryPanel,
  WordingChecklist,
} from "~/components/campaign";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { Notice, PageHeader } from "~/components/page";
import { canEditTemplate, canMove, canUploadNumbers, type UploadSummary } from "~/domain/campaigns";
import {
  campaignPageData,
  campaignResource,
  getCampaign,
  moveCampaign,
  updateTemplate,
  uploadNumbers,
} from "~/domain/campaigns.server";
import { DomainError } from "~/domain/errors";
import { smsLeavesPathway } from "~/domain/message-channels.server";
import { assertPermission, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { notFound } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";

export const meta: MetaFunction = () => [{ title: "Outreach campaign · Pathway" }];

/** 10,000 numbers take about 150 kB; a campaign holds at most 50,000. */
const MAX_FILE_BYTES = 2_000_000;

async function campaignFor(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const signedIn = await requirePermission(args, "campaign:manage");
  const campaign = getCampaign(getDb(), args.params.campaignId ?? "");
  if (!campaign) throw notFound();
  assertPermission(signedIn.actor, "campaign:manage", campaignResource(campaign));
  return { ...signedIn, campaign };
}

export async function loader(args: LoaderFunctionArgs) {
  const { campaign } = await campaignFor(args);
  return { ...campaignPageData(getDb(), campaign, "force"), textsLeave: smsLeavesPathway(env()) };
}

const moveSchema = z.enum(["request-approval", "start", "pause", "resume", "stop"]);

type ActionResult = { errors?: Record<string, string>; values?: Record<string, string>; summary?: UploadSummary };

export async function action(args: ActionFunctionArgs) {
  const { campaign, audit } = await campaignFor(args);
  const db = getDb();
  const { request } = args;
  const fail = (error: unknown, values: Record<string, string> = {}) => {
    if (!(error instanceof DomainError)) throw error;
    return data<ActionResult>({ errors: { [error.field]: error.message }, values }, { status: error.status });
  };
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    if (Number(request.headers.get("Content-Length") ?? 0) > MAX_FILE_BYTES + 10_000)
      return data<ActionResult>({ errors: { file: "The file is too large: upload at most 2 MB." } }, { status: 413 });
    const formData = await request.formData();
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data<ActionResult>({ errors: { file: "Choose a CSV or TXT file of phone numbers." } }, { status: 400 });
    if (file.size > MAX_FILE_BYTES)
      return data<ActionResult>({ errors: { file: "The file is too large: upload at most 2 MB." } }, { status: 413 });
    try {
      const summary = uploadNumbers(db, audit, campaign.id, { name: file.name, text: await file.text() });
      return data<ActionResult>({ summary });
    } catch (error) {
      return fail(error);
    }
  }
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "template") {
    const template = String(formData.get("template") ?? "").slice(0, 2000);
    try {
      updateTemplate(db, audit, campaign.id, template);
    } catch (error) {
      return fail(error, { template });
    }
    throw redirect(`/police/campaigns/${campaign.id}`);
  }
  const move = moveSchema.safeParse(intent);
  if (!move.success) return data<ActionResult>({ errors: { form: "Choose what to do." } }, { status: 400 });
  try {
    moveCampaign(db, audit, campaign.id, move.data);
  } catch (error) {
    return fail(error);
  }
  throw redirect(`/police/campaigns/${campaign.id}`);
}

export default function CampaignPage() {
  const { campaign, names, link, preview, progress, review, textsLeave } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const errors = actionData?.errors ?? {};
  const summary = actionData?.summary ?? campaign.uploadSummary;
  const status = campaign.status;
  const move = (intent: string, label: string, secondary = false) => (
    <Form method="post" key={intent}>
      <input type="hidden" name="intent" value={intent} />
      <SubmitButton className={secondary ? "button-secondary" : "button"}>{label}</SubmitButton>
    </Form>
  );
  return (
    <>
      <p className="mb-4">
        <Link to="/police/campaigns">Back to outreach campaigns</Link>
      </p>
      <PageHeader title={campaign.name} lead={<CampaignStatusTag status={status} />} />
      <ErrorSummary errors={errors} labels={{ template: "Text", file: "Numbers" }} />

      {review?.current && review.decision === "refused" ? (
        <Notice tone="warning">
          <p className="font-bold">An administrator refused the text on {formatDateTime(review.reviewedAt)}:</p>
          <p>{review.reason}</p>
          <p className="mt-1">Change the text and ask for approval again.</p>
        </Notice>
      ) : null}
      {!textsLeave && (status === "sending" || status === "paused" || status === "finished") ? (
        <Notice>
          No text message channel is set up (GOV.UK Notify): the texts are kept in Pathway&apos;s Outbox, not sent.
        </Notice>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="details-heading" className="card">
          <h2 id="details-heading" className="text-xl font-bold">
            Campaign
          </h2>
          <dl className="mt-2 space-y-2">
            {[
              ["Investigation reference", campaign.investigationReference],
              ["Area", names.area],
              ["Partner provider", names.provider],
              ["Commissioner", names.commissioner || "None"],
              ["Link in the text", link],
              ["Texts a minute at most", campaign.ratePerMinute.toLocaleString("en-GB")],
              [
                "Numbers kept",
                campaign.numbersErasedAt
                  ? `Erased on ${formatDateTime(campaign.numbersErasedAt)}: only keyed hashes remain`
                  : `Until ${campaign.retentionDays} days after sending ends`,
              ],
            ].map(([label, value]) => (
              <div key={label}>
                <dt className="text-sm text-slate-700">{label}</dt>
                <dd className="break-words font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <TextPreview preview={preview} />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {canEditTemplate(status) ? (
          <section aria-labelledby="text-heading" className="card">
            <h2 id="text-heading" className="text-xl font-bold">
              Change the text
            </h2>
            {status === "approved" ? (
              <p className="mt-1">The text is approved: changing it sends it back for approval.</p>
            ) : null}
            <Form method="post" className="mt-3 space-y-3" noValidate>
              <input type="hidden" name="intent" value="template" />
              <TextField
                name="template"
                label="Text"
                multiline
                rows={6}
                error={errors.template}
                defaultValue={actionData?.values?.template ?? campaign.template}
                maxLength={2000}
              />
              <SubmitButton className="button-secondary">Save the text</SubmitButton>
            </Form>
          </section>
        ) : null}
        <WordingChecklist preview={preview} />
      </div>

      <section aria-labelledby="numbers-heading" className="card mt-6">
        <h2 id="numbers-heading" className="text-xl font-bold">
          Numbers
        </h2>
        <p className="mt-1">
          {progress.total.toLocaleString("en-GB")} {progress.total === 1 ? "number" : "numbers"} in the list.
        </p>
        {summary ? <UploadSummaryPanel summary={summary} /> : null}
        {canUploadNumbers(status) ? (
          <Form method="post" encType="multipart/form-data" className="mt-4 space-y-3">
            <div>
              <label htmlFor="field-file" className="block font-semibold">
                File of phone numbers (CSV or TXT)
              </label>
              <p id="field-file-hint" className="text-sm text-slate-700">
                One phone number a line, or a CSV with a column headed “phone”. Each is written as +44…, kept once, and
                dropped if it asked not to be texted or another campaign texted it in the last 90 days.
              </p>
              {errors.file ? (
                <p id="field-file-error" className="mt-1 font-semibold text-red-800">
                  <span className="sr-only">Error: </span>
                  {errors.file}
                </p>
              ) : null}
              <input
                id="field-file"
                name="file"
                type="file"
                accept=".csv,.txt,text/csv,text/plain"
                className="mt-1 block"
                aria-describedby={`field-file-hint${errors.file ? " field-file-error" : ""}`}
              />
            </div>
            <SubmitButton className="button-secondary" pendingText="Checking the numbers…">
              Upload numbers
            </SubmitButton>
          </Form>
        ) : null}
      </section>

      {status === "sending" || status === "paused" || status === "stopped" || status === "finished" ? (
        <div className="mt-6">
          <ProgressPanel progress={progress} status={status} />
        </div>
      ) : null}

      <div className="mt-6 flex flex-wrap gap-3">
        {canMove(status, "request-approval") ? move("request-approval", "Ask for approval") : null}
        {status === "awaiting_approval" ? <p>Waiting for an administrator to approve the text.</p> : null}
        {canMove(status, "start") ? move("start", "Start sending") : null}
        {canMove(status, "pause") ? move("pause", "Pause sending", true) : null}
        {canMove(status, "resume") ? move("resume", "Resume sending") : null}
        {status === "sending" ? (
          <Link to="." className="button-secondary">
            Refresh progress
          </Link>
        ) : null}
        {canMove(status, "stop") ? move("stop", "Stop the campaign", true) : null}
      </div>
    </>
  );
}
