import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ROLES } from "#db/schema";
import { AdminPage } from "~/components/admin/admin-page";
import { PasswordLink } from "~/components/admin/password-link";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { inviteSchema } from "~/domain/admin-forms";
import { DomainError } from "~/domain/errors";
import { emailLeavesPathway } from "~/domain/message-channels.server";
import { organisationKindLabels } from "~/domain/organisations";
import { roleLabels } from "~/domain/permissions";
import { inviteUser, listOrganisationChoices } from "~/domain/users.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { env } from "~/utils/env.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Invite someone · Administration · Pathway" }];

const labels = {
  name: "Full name",
  email: "Email address",
  organisationId: "Organisation",
  role: "Role",
  phone: "Phone",
};

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return {
    organisations: listOrganisationChoices(getDb()),
    organisationId: new URL(args.request.url).searchParams.get("organisationId") ?? "",
  };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const form = parseForm(inviteSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values, invited: null }, { status: 400 });
  try {
    const invited = inviteUser(getDb(), audit, form.data);
    // Shown only when no email leaves Pathway: otherwise the person gets it by email.
    const emailedTo = invited.messageId && emailLeavesPathway(env()) ? form.data.email : null;
    const link = emailedTo ? null : `${new URL(args.request.url).origin}/set-password/${invited.token}`;
    return {
      errors: null,
      values: null,
      invited: { userId: invited.userId, name: form.data.name, link, emailedTo, expiresAt: invited.expiresAt },
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: form.values, invited: null },
      { status: error.status },
    );
  }
}

export default function InviteUser() {
  const { organisations, organisationId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = actionData?.values ?? { organisationId };
  const invited = actionData?.invited;
  return (
    <AdminPage
      title="Invite someone to Pathway"
      lead="They get one role in one organisation, and a link to set their own password."
    >
      {invited ? (
        <>
          <PasswordLink
            link={invited.link}
            emailedTo={invited.emailedTo}
            expiresAt={invited.expiresAt}
            name={invited.name}
            purpose="invitation"
          />
          <p className="mb-6 flex flex-wrap gap-4">
            <Link to={`/admin/users/${invited.userId}`}>See {invited.name}'s account</Link>
            <Link to="/admin/users/new">Invite someone else</Link>
          </p>
        </>
      ) : (
        <>
          <ErrorSummary errors={errors} labels={labels} />
          <Form method="post" className="card max-w-2xl space-y-5" noValidate>
            <TextField
              name="name"
              label="Full name"
              defaultValue={values.name}
              error={errors.name}
              autoComplete="off"
            />
            <TextField
              name="email"
              label="Email address"
              hint="They sign in with it. Each person needs their own."
              type="email"
              defaultValue={values.email}
              error={errors.email}
              spellCheck={false}
              autoComplete="off"
            />
            <SelectField
              name="organisationId"
              label="Organisation"
              placeholder="Choose an organisation"
              defaultValue={values.organisationId}
              error={errors.organisationId}
              options={organisations.map((o) => ({
                value: o.id,
                label: `${o.name} (${organisationKindLabels[o.kind]})`,
              }))}
            />
            <SelectField
              name="role"
              label="Role"
              hint="It must fit the organisation: custody officers are police, referral workers are with a provider, service workers with a service, administrators with the operator."
              placeholder="Choose a role"
              defaultValue={values.role}
              error={errors.role}
              options={ROLES.map((r) => ({ value: r, label: roleLabels[r] }))}
            />
            <TextField
              name="phone"
              label="Phone (optional)"
              type="tel"
              inputMode="tel"
              defaultValue={values.phone}
              error={errors.phone}
            />
            <div className="flex flex-wrap gap-3">
              <SubmitButton pendingText="Inviting…">Invite and make a link</SubmitButton>
              <Link to="/admin/users" className="button-secondary">
                Cancel
              </Link>
            </div>
          </Form>
        </>
      )}
    </AdminPage>
  );
}
