import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ROLES } from "#db/schema";
import { AdminPage, ConfirmAction, Facts } from "~/components/admin/admin-page";
import { PasswordLink } from "~/components/admin/password-link";
import { UserStatus } from "~/components/admin/user-status";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { roleSchema, userDetailsSchema } from "~/domain/admin-forms";
import { DomainError } from "~/domain/errors";
import { emailLeavesPathway } from "~/domain/message-channels.server";
import { organisationKindLabels } from "~/domain/organisations";
import { roleLabels } from "~/domain/permissions";
import {
  changeRole,
  deactivateUser,
  findUserForAdmin,
  issueNewPasswordLink,
  listOrganisationChoices,
  reactivateUser,
  unlockUser,
  updateUserDetails,
} from "~/domain/users.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { formValues, parseForm, type FormValues } from "~/utils/forms";
import { ownValue } from "~/utils/keys";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "Person"} · Administration · Pathway` },
];

export async function loader(args: LoaderFunctionArgs) {
  const { user: me } = await requirePermission(args, "admin:use");
  const db = getDb();
  const found = findUserForAdmin(db, args.params.userId ?? "");
  invariantResponse(found, "Not found", { status: 404 });
  return {
    ...found,
    organisations: listOrganisationChoices(db),
    isSelf: me.id === found.user.id,
    now: new Date().toISOString(),
  };
}

type ActionResult = {
  intent: string;
  errors: Record<string, string> | null;
  values: FormValues | null;
  link: { link: string | null; emailedTo: string | null; expiresAt: string; purpose: "invitation" | "reset" } | null;
};

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const userId = args.params.userId ?? "";
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const db = getDb();
  const fail = (errors: Record<string, string>, status: number) =>
    data<ActionResult>({ intent, errors, values: formValues(formData), link: null }, { status });
  try {
    switch (intent) {
      case "details": {
        const form = parseForm(userDetailsSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        updateUserDetails(db, audit, userId, form.data);
        break;
      }
      case "role": {
        const form = parseForm(roleSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        changeRole(db, audit, userId, form.data.role, form.data.organisationId);
        break;
      }
      case "link": {
        const issued = issueNewPasswordLink(db, audit, userId);
        // Shown only when no email leaves Pathway: otherwise the person gets it by email.
        const emailedTo = issued.messageId && emailLeavesPathway(env()) ? issued.email : null;
        const link = emailedTo ? null : `${new URL(args.request.url).origin}/set-password/${issued.token}`;
        return data<ActionResult>({
          intent,
          errors: null,
          values: null,
          link: { link, emailedTo, expiresAt: issued.expiresAt, purpose: issued.purpose },
        });
      }
      case "deactivate":
        deactivateUser(db, audit, userId);
        break;
      case "reactivate":
        reactivateUser(db, audit, userId);
        break;
      case "unlock":
        unlockUser(db, audit, userId);
        break;
      default:
        return fail({ form: "Choose what to do." }, 400);
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return fail({ [error.field]: error.message }, error.status);
  }
  throw redirect(`/admin/users/${userId}?saved=${intent}`);
}

const savedMessages: Record<string, string> = {
  details: "Their details were saved.",
  role: "Their role was changed. They were signed out so the new role applies at once.",
  deactivate: "The account was deactivated and every session of it ended.",
  reactivate: "The account was reactivated. They can sign in with their password.",
  unlock: "The account was unlocked.",
};

export default function UserAccount() {
  const { user, organisationName, organisationKind, openSessions, pendingLink, organisations, isSelf, now } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = !actionData ? ownValue(savedMessages, searchParams.get("saved")) : undefined;
  const errorsFor = (intent: string) => (actionData?.intent === intent ? (actionData.errors ?? undefined) : undefined);
  const valuesFor = (intent: string) => (actionData?.intent === intent ? (actionData.values ?? undefined) : undefined);
  const isLocked = user.lockedUntil !== null && user.lockedUntil > now;
  const detailsValues = valuesFor("details") ?? { name: user.name, email: user.email, phone: user.phone };
  const roleValues = valuesFor("role") ?? { role: user.role, organisationId: user.organisationId };
  const otherErrors = errorsFor("deactivate") ?? errorsFor("reactivate") ?? errorsFor("unlock") ?? errorsFor("link");
  return (
    <AdminPage title={user.name} lead={`${roleLabels[user.role]} · ${organisationName}`}>
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      {actionData?.link ? <PasswordLink {...actionData.link} name={user.name} /> : null}
      <ErrorSummary errors={otherErrors} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="account-heading" className="card">
          <h2 id="account-heading" className="mb-3 text-xl font-bold">
            Account
          </h2>
          <Facts
            items={[
              ["Status", <UserStatus key="s" user={user} now={now} />],
              [
                "Email",
                <span key="e" className="break-all">
                  {user.email}
                </span>,
              ],
              ["Organisation", `${organisationName} (${organisationKindLabels[organisationKind]})`],
              ["Last signed in", user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"],
              [
                "Signed in now",
                openSessions ? `${openSessions} open ${openSessions === 1 ? "session" : "sessions"}` : "No",
              ],
              ["Account created", formatDateTime(user.createdAt)],
              [
                "Password link",
                pendingLink
                  ? `${pendingLink.purpose === "invitation" ? "Invitation" : "Reset"} link works until ${formatDateTime(pendingLink.expiresAt)}`
                  : "None waiting",
              ],
              ["Locked", isLocked ? `Until ${formatDateTime(user.lockedUntil)} after failed sign-ins` : "No"],
            ]}
          />
          <p className="mt-4">
            <Link to={`/admin/audit?userId=${user.id}`}>What they have done in Pathway (audit log)</Link>
          </p>
        </section>

        <section aria-labelledby="details-heading" className="card">
          <h2 id="details-heading" className="text-xl font-bold">
            Name and email
          </h2>
          <ErrorSummary
            errors={errorsFor("details")}
            labels={{ name: "Full name", email: "Email address", phone: "Phone" }}
          />
          <Form method="post" className="mt-3 space-y-4" noValidate>
            <TextField
              name="name"
              label="Full name"
              defaultValue={detailsValues.name}
              error={errorsFor("details")?.name}
            />
            <TextField
              name="email"
              label="Email address"
              type="email"
              defaultValue={detailsValues.email}
              error={errorsFor("details")?.email}
              spellCheck={false}
            />
            <TextField
              name="phone"
              label="Phone (optional)"
              type="tel"
              defaultValue={detailsValues.phone}
              error={errorsFor("details")?.phone}
            />
            <SubmitButton name="intent" value="details" pendingText="Saving…">
              Save name and email
            </SubmitButton>
          </Form>
        </section>

        <section aria-labelledby="role-heading" className="card">
          <h2 id="role-heading" className="text-xl font-bold">
            Role and organisation
          </h2>
          {isSelf ? (
            <p className="mt-2 text-slate-700">
              You cannot change your own role or organisation. Ask another administrator.
            </p>
          ) : (
            <>
              <p className="mt-1 text-slate-700">
                Changing them signs the person out, so the new role applies at once.
              </p>
              <ErrorSummary errors={errorsFor("role")} labels={{ role: "Role", organisationId: "Organisation" }} />
              <Form method="post" className="mt-3 space-y-4" noValidate>
                <SelectField
                  name="organisationId"
                  label="Organisation"
                  defaultValue={roleValues.organisationId}
                  error={errorsFor("role")?.organisationId}
                  options={organisations.map((o) => ({
                    value: o.id,
                    label: `${o.name} (${organisationKindLabels[o.kind]})`,
                  }))}
                />
                <SelectField
                  name="role"
                  label="Role"
                  defaultValue={roleValues.role}
                  error={errorsFor("role")?.role}
                  options={ROLES.map((r) => ({ value: r, label: roleLabels[r] }))}
                />
                <SubmitButton name="intent" value="role" pendingText="Saving…">
                  Change role
                </SubmitButton>
              </Form>
            </>
          )}
        </section>

        <section aria-labelledby="access-heading" className="card space-y-5">
          <h2 id="access-heading" className="text-xl font-bold">
            Password and access
          </h2>
          {user.isActive ? (
            <Form method="post" className="space-y-2">
              <p>
                {user.hasPassword
                  ? "Forgotten password? Make a link for them to set a new one. Their current password works until they use it."
                  : "They have not set a password yet. Make a new invitation link if the first one was lost or has expired."}
              </p>
              <SubmitButton name="intent" value="link" className="button-secondary" pendingText="Making a link…">
                {user.hasPassword ? "Make a password reset link" : "Make a new invitation link"}
              </SubmitButton>
            </Form>
          ) : null}
          {isLocked ? (
            <Form method="post" className="space-y-2">
              <p>The account is locked after too many failed sign-ins.</p>
              <SubmitButton name="intent" value="unlock" className="button-secondary" pendingText="Unlocking…">
                Unlock now
              </SubmitButton>
            </Form>
          ) : null}
          {user.isActive ? (
            isSelf ? (
              <p className="text-slate-700">You cannot deactivate your own account.</p>
            ) : (
              <ConfirmAction summary={`Deactivate ${user.name}`}>
                <p>
                  They will be signed out everywhere now and cannot sign in. Nothing they recorded is deleted; you can
                  reactivate them later.
                </p>
                <Form method="post">
                  <SubmitButton name="intent" value="deactivate" className="button-danger" pendingText="Deactivating…">
                    Yes, deactivate {user.name}
                  </SubmitButton>
                </Form>
              </ConfirmAction>
            )
          ) : (
            <Form method="post" className="space-y-2">
              <p>This account is deactivated.</p>
              <SubmitButton name="intent" value="reactivate" className="button-secondary" pendingText="Reactivating…">
                Reactivate {user.name}
              </SubmitButton>
            </Form>
          )}
        </section>
      </div>
    </AdminPage>
  );
}
