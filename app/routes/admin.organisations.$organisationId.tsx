import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AdminPage, ConfirmAction, StatusBadge } from "~/components/admin/admin-page";
import { OrganisationFields, organisationFieldLabels } from "~/components/admin/organisation-form";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { Notice } from "~/components/page";
import { organisationSchema } from "~/domain/admin-forms";
import { DomainError } from "~/domain/errors";
import { serviceKindLabels } from "~/domain/onward-referral-states";
import { organisationKindLabels } from "~/domain/organisations";
import {
  findOrganisationForAdmin,
  organisationLinkChoices,
  setOrganisationActive,
  updateOrganisation,
} from "~/domain/organisations.server";
import { roleLabels } from "~/domain/permissions";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";
import { formValues, parseForm } from "~/utils/forms";
import { ownValue } from "~/utils/keys";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisation"} · Administration · Pathway` },
];

export async function loader(args: LoaderFunctionArgs) {
  const { organisation: own } = await requirePermission(args, "admin:use");
  const db = getDb();
  const found = findOrganisationForAdmin(db, args.params.organisationId ?? "");
  invariantResponse(found, "Not found", { status: 404 });
  return { ...found, choices: organisationLinkChoices(db), isOwn: own.id === found.organisation.id };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const organisationId = args.params.organisationId ?? "";
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const db = getDb();
  try {
    if (intent === "deactivate" || intent === "reactivate") {
      setOrganisationActive(db, audit, organisationId, intent === "reactivate");
      throw redirect(`/admin/organisations/${organisationId}?saved=${intent}d`);
    }
    const form = parseForm(organisationSchema, formData);
    if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
    updateOrganisation(db, audit, organisationId, form.data);
    throw redirect(`/admin/organisations/${organisationId}?saved=details`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: formValues(formData) },
      { status: error.status },
    );
  }
}

const savedMessages: Record<string, string> = {
  created: "The organisation was added.",
  details: "Your changes were saved.",
  deactivated: "The organisation was deactivated. Its people can no longer sign in.",
  reactivated: "The organisation was reactivated.",
};

export default function EditOrganisation() {
  const { organisation, centreIds, providerAreaIds, areaIds, services, users, policeCentres, choices, isOwn } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = ownValue(savedMessages, searchParams.get("saved"));
  const values = actionData?.values ?? {
    name: organisation.name,
    description: organisation.description,
    email: organisation.email,
    phone: organisation.phone,
    website: organisation.website,
    queueOverdueMinutes: String(organisation.queueOverdueMinutes),
    followUpAttemptLimit: String(organisation.followUpAttemptLimit),
    centreIds,
    providerAreaIds,
    areaIds,
    fundsAllAreas: organisation.fundsAllAreas ? "yes" : "",
  };
  return (
    <AdminPage
      title={organisation.name}
      lead={
        <>
          {organisationKindLabels[organisation.kind]} ·{" "}
          {organisation.isActive ? (
            <StatusBadge tone="green">Active</StatusBadge>
          ) : (
            <StatusBadge tone="grey">Deactivated</StatusBadge>
          )}
        </>
      }
    >
      {saved && !actionData ? <Notice tone="success">{saved}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} labels={organisationFieldLabels} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="details-heading" className="card">
          <h2 id="details-heading" className="mb-4 text-xl font-bold">
            Details
          </h2>
          <Form method="post" className="space-y-6" noValidate>
            <OrganisationFields
              kind={organisation.kind}
              values={values}
              errors={actionData?.errors ?? {}}
              choices={choices}
            />
            <SubmitButton name="intent" value="save" pendingText="Saving…">
              Save changes
            </SubmitButton>
          </Form>
        </section>

        <div className="space-y-6">
          <section aria-labelledby="people-heading" className="card">
            <h2 id="people-heading" className="text-xl font-bold">
              People
            </h2>
            {users.length ? (
              <ul className="mt-2 space-y-2">
                {users.map((u) => (
                  <li key={u.id}>
                    <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                    <span className="block text-sm text-slate-700">
                      {roleLabels[u.role]}
                      {u.isActive ? "" : " · deactivated"}
                      {u.lastSignInAt ? ` · last signed in ${formatDateTime(u.lastSignInAt)}` : " · never signed in"}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-slate-700">Nobody from this organisation uses Pathway yet.</p>
            )}
            {organisation.isActive ? (
              <p className="mt-3">
                <Link to={`/admin/users/new?organisationId=${organisation.id}`}>
                  Invite someone from {organisation.name}
                </Link>
              </p>
            ) : null}
          </section>

          {organisation.kind === "service_provider" ? (
            <section aria-labelledby="services-heading" className="card">
              <h2 id="services-heading" className="text-xl font-bold">
                Services it runs
              </h2>
              {services.length ? (
                <ul className="mt-2 space-y-2">
                  {services.map((s) => (
                    <li key={s.id}>
                      <Link to={`/admin/services/${s.id}`}>{s.name}</Link>
                      <span className="block text-sm text-slate-700">
                        {serviceKindLabels[s.kind]}
                        {s.isTakingReferrals ? "" : " · not taking referrals"}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-slate-700">No services yet.</p>
              )}
              <p className="mt-3">
                <Link to={`/admin/services/new?organisationId=${organisation.id}`}>Add a service</Link>
              </p>
            </section>
          ) : null}

          {organisation.kind === "police" ? (
            <section aria-labelledby="centres-heading" className="card">
              <h2 id="centres-heading" className="text-xl font-bold">
                Custody centres it runs
              </h2>
              {policeCentres.length ? (
                <ul className="mt-2 list-disc space-y-1 pl-5">
                  {policeCentres.map((c) => (
                    <li key={c.id}>
                      <Link to={`/admin/centres/${c.id}`}>{c.name}</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-slate-700">No custody centres yet.</p>
              )}
              <p className="mt-3">
                <Link to="/admin/centres/new">Add a custody centre</Link>
              </p>
            </section>
          ) : null}

          <section aria-labelledby="status-heading" className="card">
            <h2 id="status-heading" className="text-xl font-bold">
              {organisation.isActive ? "Deactivate" : "Reactivate"}
            </h2>
            {organisation.isActive ? (
              isOwn ? (
                <p className="mt-2 text-slate-700">
                  This is your own organisation: another administrator would have to deactivate it.
                </p>
              ) : (
                <div className="mt-2">
                  <ConfirmAction summary={`Deactivate ${organisation.name}`}>
                    <p>
                      Its {users.length} {users.length === 1 ? "person" : "people"} will be signed out now and cannot
                      sign in
                      {organisation.kind === "service_provider" ? "; its services leave the directory" : ""}. Nothing it
                      recorded is deleted, and you can reactivate it later.
                    </p>
                    <Form method="post">
                      <SubmitButton
                        name="intent"
                        value="deactivate"
                        className="button-danger"
                        pendingText="Deactivating…"
                      >
                        Yes, deactivate {organisation.name}
                      </SubmitButton>
                    </Form>
                  </ConfirmAction>
                </div>
              )
            ) : (
              <Form method="post" className="mt-2 space-y-3">
                <p>Its people will be able to sign in again.</p>
                <SubmitButton name="intent" value="reactivate" className="button-secondary" pendingText="Reactivating…">
                  Reactivate {organisation.name}
                </SubmitButton>
              </Form>
            )}
          </section>
        </div>
      </div>
    </AdminPage>
  );
}
