import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { CentreFields, centreFieldLabels } from "~/components/admin/centre-form";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { centreSchema } from "~/domain/admin-forms";
import { centreFormChoices, createCentre } from "~/domain/centres.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Add a custody centre · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return { choices: centreFormChoices(getDb()) };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const form = parseForm(centreSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const id = createCentre(getDb(), audit, form.data);
    throw redirect(`/admin/centres/${id}?saved=created`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: form.values },
      { status: error.status },
    );
  }
}

export default function NewCentre() {
  const { choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? {
    hours: "24 hours",
    isActive: "yes",
    policeOrganisationId: choices.forces.length === 1 ? choices.forces[0].id : "",
  };
  return (
    <AdminPage
      title="Add a custody centre"
      lead="Then choose which arrest referral providers cover it, on each provider's page."
    >
      <ErrorSummary errors={actionData?.errors} labels={centreFieldLabels} />
      <Form method="post" className="card max-w-3xl space-y-6" noValidate>
        <CentreFields values={values} errors={actionData?.errors ?? {}} choices={choices} />
        <div className="flex flex-wrap gap-3">
          <SubmitButton pendingText="Adding…">Add custody centre</SubmitButton>
          <Link to="/admin/centres" className="button-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </AdminPage>
  );
}
