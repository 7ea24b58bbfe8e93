import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { ServiceFields, serviceFieldLabels } from "~/components/admin/service-form";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { serviceSchema } from "~/domain/admin-forms";
import { createService, serviceFormChoices } from "~/domain/directory.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Add a service · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return {
    choices: serviceFormChoices(getDb()),
    organisationId: new URL(args.request.url).searchParams.get("organisationId") ?? "",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const form = parseForm(serviceSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const id = createService(getDb(), audit, form.data);
    throw redirect(`/admin/services/${id}?saved=created`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: form.values },
      { status: error.status },
    );
  }
}

export default function NewService() {
  const { choices, organisationId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? { organisationId, isTakingReferrals: "yes" };
  return (
    <AdminPage title="Add a service">
      <ErrorSummary errors={actionData?.errors} labels={serviceFieldLabels} />
      <Form method="post" className="card max-w-3xl space-y-6" noValidate>
        <ServiceFields values={values} errors={actionData?.errors ?? {}} choices={choices} />
        <div className="flex flex-wrap gap-3">
          <SubmitButton pendingText="Adding…">Add service</SubmitButton>
          <Link to="/admin/services" className="button-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </AdminPage>
  );
}
