// Creating an outreach campaign: its name, the investigation reference (kept within the force),
// the area, the partner provider who answers and the commissioner, the text, and how fast and
// how long. The numbers are uploaded on the campaign's page once it exists.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { LINK_PLACEHOLDER, OPT_OUT_WORD, suggestedTemplate } from "~/domain/campaign-wording";
import {
  DEFAULT_RATE_PER_MINUTE,
  DEFAULT_RETENTION_DAYS,
  MAX_RATE_PER_MINUTE,
  MAX_RETENTION_DAYS,
} from "~/domain/campaigns";
import { campaignChoices, createCampaign } from "~/domain/campaigns.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm, requiredText } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Create a campaign · Outreach campaigns · Pathway" }];

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: `Enter ${label} as a whole number` })
    .int(`Enter ${label} as a whole number`)
    .min(min, `${label[0].toUpperCase()}${label.slice(1)} must be at least ${min}`)
    .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be at most ${max.toLocaleString("en-GB")}`);

const campaignSchema = z.object({
  name: requiredText("Enter a name for the campaign", 120),
  investigationReference: requiredText("Enter the investigation reference", 120),
  areaId: requiredText("Choose the area"),
  providerOrganisationId: requiredText("Choose the partner provider"),
  commissionerOrganisationId: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null),
  template: requiredText("Write the text the campaign will send", 2000),
  ratePerMinute: wholeNumber("texts a minute", 1, MAX_RATE_PER_MINUTE),
  retentionDays: wholeNumber("days to keep the numbers", 1, MAX_RETENTION_DAYS),
});

const labels: Record<string, string> = {
  name: "Campaign name",
  investigationReference: "Investigation reference",
  areaId: "Area",
  providerOrganisationId: "Partner provider",
  commissionerOrganisationId: "Commissioner",
  template: "Text",
  ratePerMinute: "Texts a minute",
  retentionDays: "Days to keep the numbers",
};

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requirePermission(args, "campaign:manage");
  return {
    choices: campaignChoices(getDb()),
    suggested: suggestedTemplate(organisation.name, "the partner provider"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "campaign:manage");
  const form = parseForm(campaignSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const id = createCampaign(getDb(), audit, form.data);
    throw redirect(`/police/campaigns/${id}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { [error.field]: error.message }, values: form.values }, { status: error.status });
  }
}

export default function NewCampaign() {
  const { choices, suggested } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const values = actionData?.values ?? {
    template: suggested,
    ratePerMinute: String(DEFAULT_RATE_PER_MINUTE),
    retentionDays: String(DEFAULT_RETENTION_DAYS),
  };
  const options = (list: { id: string; name: string }[]) => list.map((o) => ({ value: o.id, label: o.name }));
  return (
    <>
      <p className="mb-4">
        <Link to="/police/campaigns">Back to outreach campaigns</Link>
      </p>
      <PageHeader title="Create a campaign" lead="You upload the numbers next, on the campaign's page." />
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="card max-w-3xl space-y-6" noValidate>
        <TextField
          name="name"
          label={labels.name}
          hint="Seen by the partners, e.g. “Operation Harbour outreach”."
          error={errors.name}
          defaultValue={values.name}
          maxLength={120}
        />
        <TextField
          name="investigationReference"
          label={labels.investigationReference}
          hint="Seen only by your force: never by the partners, administrators or the people texted."
          error={errors.investigationReference}
          defaultValue={values.investigationReference}
          maxLength={120}
        />
        <SelectField
          name="areaId"
          label={labels.areaId}
          options={options(choices.areas)}
          placeholder="Choose the area"
          error={errors.areaId}
          defaultValue={values.areaId}
        />
        <SelectField
          name="providerOrganisationId"
          label={labels.providerOrganisationId}
          hint="The provider who answers the people who ask for help."
          options={options(choices.providers)}
          placeholder="Choose the provider"
          error={errors.providerOrganisationId}
          defaultValue={values.providerOrganisationId}
        />
        <SelectField
          name="commissionerOrganisationId"
          label={`${labels.commissionerOrganisationId} (optional)`}
          hint="Sees the campaign's results."
          options={options(choices.commissioners)}
          placeholder="None"
          error={errors.commissionerOrganisationId}
          defaultValue={values.commissionerOrganisationId}
        />
        <TextField
          name="template"
          label={labels.template}
          multiline
          rows={6}
          hint={
            <>
              Say who it is from, that the number was found in an investigation, how to get help ({LINK_PLACEHOLDER} is
              where the campaign&apos;s link goes) and how to stop (reply {OPT_OUT_WORD}). Never mention drugs, buying
              or anything the reader may have done: the phone may be someone else&apos;s. An administrator approves the
              text before anything is sent.
            </>
          }
          error={errors.template}
          defaultValue={values.template}
          maxLength={2000}
        />
        <TextField
          name="ratePerMinute"
          label={labels.ratePerMinute}
          hint={`At most ${MAX_RATE_PER_MINUTE.toLocaleString("en-GB")}: GOV.UK Notify's limit, shared with Pathway's other texts.`}
          inputMode="numeric"
          inputClassName="w-32"
          error={errors.ratePerMinute}
          defaultValue={values.ratePerMinute}
        />
        <TextField
          name="retentionDays"
          label={labels.retentionDays}
          hint={`After sending ends, for the delivery receipts; then the numbers are erased and only a keyed hash stays (for opt-outs). ${DEFAULT_RETENTION_DAYS} unless you need longer.`}
          inputMode="numeric"
          inputClassName="w-32"
          error={errors.retentionDays}
          defaultValue={values.retentionDays}
        />
        <div className="flex flex-wrap gap-3">
          <SubmitButton pendingText="Creating…">Create campaign</SubmitButton>
          <Link to="/police/campaigns" className="button-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </>
  );
}
