import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { CentreFields, centreFieldLabels } from "~/components/admin/centre-form";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { Notice } from "~/components/page";
import { centreSchema } from "~/domain/admin-forms";
import { centreFormChoices, findCentreForAdmin, updateCentre } from "~/domain/centres.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.centre.name ?? "Custody centre"} · Administration · Pathway` },
];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const found = findCentreForAdmin(db, args.params.centreId ?? "");
  invariantResponse(found, "Not found", { status: 404 });
  return { ...found, choices: centreFormChoices(db) };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const centreId = args.params.centreId ?? "";
  const form = parseForm(centreSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    updateCentre(getDb(), audit, centreId, form.data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: form.values },
      { status: error.status },
    );
  }
  throw redirect(`/admin/centres/${centreId}?saved=details`);
}

export default function EditCentre() {
  const { centre, providers, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const values = actionData?.values ?? {
    name: centre.name,
    code: centre.code,
    policeOrganisationId: centre.policeOrganisationId,
    divisionAreaId: centre.divisionAreaId,
    localAuthorityAreaId: centre.localAuthorityAreaId,
    custodyReferencePattern: centre.custodyReferencePattern,
    custodyReferenceExample: centre.custodyReferenceExample,
    hours: centre.hours,
    isActive: centre.isActive ? "yes" : "",
  };
  return (
    <AdminPage title={centre.name} lead={`Code ${centre.code}`}>
      {saved && !actionData ? (
        <Notice tone="success">
          {saved === "created" ? "The custody centre was added." : "Your changes were saved."}
        </Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} labels={centreFieldLabels} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Form method="post" className="card space-y-6" noValidate>
          <CentreFields values={values} errors={actionData?.errors ?? {}} choices={choices} />
          <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
        </Form>
        <section aria-labelledby="providers-heading" className="card self-start">
          <h2 id="providers-heading" className="text-xl font-bold">
            Arrest referral providers covering it
          </h2>
          {providers.length ? (
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {providers.map((p) => (
                <li key={p.id}>
                  <Link to={`/admin/organisations/${p.id}`}>{p.name}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-slate-700">
              No provider covers this centre yet: referrals made here would reach no worker.
            </p>
          )}
          <p className="mt-3 text-sm text-slate-700">
            Choose the centres a provider covers on the provider's own page.
          </p>
        </section>
      </div>
    </AdminPage>
  );
}
