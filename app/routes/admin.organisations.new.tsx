import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ORGANISATION_KINDS } from "#db/schema";
import { AdminPage } from "~/components/admin/admin-page";
import { OrganisationFields, organisationFieldLabels } from "~/components/admin/organisation-form";
import { ChoiceGroup, ErrorSummary, SubmitButton } from "~/components/forms";
import { organisationKindSchema, organisationSchema } from "~/domain/admin-forms";
import { DomainError } from "~/domain/errors";
import { organisationKindLabels } from "~/domain/organisations";
import { createOrganisation, organisationLinkChoices } from "~/domain/organisations.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Add an organisation · Administration · Pathway" }];

const kindHints: Record<string, string> = {
  police: "Runs custody centres; its people are custody officers.",
  referral_provider: "Arrest referral workers; covers custody centres.",
  service_provider: "Runs services in the directory; its people are service workers.",
  commissioner: "Funds areas and sees their figures, never a person.",
  operator: "Runs Pathway; its people are administrators.",
};

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const kind = organisationKindSchema.safeParse(new URL(args.request.url).searchParams.get("kind"));
  return { kind: kind.success ? kind.data : null, choices: organisationLinkChoices(getDb()) };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const formData = await args.request.formData();
  const kind = organisationKindSchema.safeParse(formData.get("kind"));
  if (!kind.success)
    return data(
      { errors: { form: "Choose what kind of organisation it is." } as Record<string, string>, values: {} },
      { status: 400 },
    );
  const form = parseForm(organisationSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const id = createOrganisation(getDb(), audit, kind.data, form.data);
    throw redirect(`/admin/organisations/${id}?saved=created`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { [error.field]: error.message }, values: form.values }, { status: error.status });
  }
}

export default function NewOrganisation() {
  const { kind, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!kind) {
    return (
      <AdminPage title="Add an organisation">
        <Form method="get" className="card max-w-2xl space-y-4">
          <ChoiceGroup
            name="kind"
            type="radio"
            legend="What kind of organisation is it?"
            options={ORGANISATION_KINDS.map((k) => ({
              value: k,
              label: organisationKindLabels[k],
              hint: kindHints[k],
            }))}
          />
          <button type="submit" className="button">
            Continue
          </button>
        </Form>
      </AdminPage>
    );
  }
  const values = actionData?.values ?? { queueOverdueMinutes: "60", followUpAttemptLimit: "3" };
  return (
    <AdminPage
      title={`Add ${kind === "operator" ? "an operator" : `a ${organisationKindLabels[kind].toLowerCase()}`}`}
      lead={<Link to="/admin/organisations/new">Choose a different kind</Link>}
    >
      <ErrorSummary errors={actionData?.errors} labels={organisationFieldLabels} />
      <Form method="post" className="card max-w-3xl space-y-6" noValidate>
        <input type="hidden" name="kind" value={kind} />
        <OrganisationFields kind={kind} values={values} errors={actionData?.errors ?? {}} choices={choices} />
        <div className="flex flex-wrap gap-3">
          <SubmitButton pendingText="Saving…">Add organisation</SubmitButton>
          <Link to="/admin/organisations" className="button-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </AdminPage>
  );
}
