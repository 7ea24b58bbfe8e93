import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { createApiKey, listApiKeys, listServiceProviders, revokeApiKey } from "~/domain/api-keys.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { parseForm, requiredText, type FieldErrors, type FormValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "API keys · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  return { keys: listApiKeys(db), organisations: listServiceProviders(db) };
}

const createSchema = z.object({
  organisationId: requiredText("Choose the service provider", 64),
  name: requiredText("Name the key, for example after the system that will use it", 100),
});
const revokeSchema = z.object({ keyId: requiredText("Choose a key", 64) });

type ActionData =
  | { intent: "create"; created: { key: string; prefix: string; organisationName: string } }
  | { intent: "revoke"; revoked: true }
  | { intent: string; errors: FieldErrors; values: FormValues };

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const db = getDb();
  try {
    if (intent === "create") {
      const form = parseForm(createSchema, formData);
      if (!form.ok) return data<ActionData>({ intent, errors: form.errors, values: form.values }, { status: 400 });
      const created = createApiKey(db, audit, form.data);
      return data<ActionData>({ intent, created: { key: created.key, prefix: created.prefix, organisationName: created.organisationName } });
    }
    if (intent === "revoke") {
      const form = parseForm(revokeSchema, formData);
      if (!form.ok) return data<ActionData>({ intent, errors: form.errors, values: form.values }, { status: 400 });
      revokeApiKey(db, audit, form.data.keyId);
      return data<ActionData>({ intent, revoked: true });
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<ActionData>({ intent, errors: { [error.field]: error.message }, values: {} }, { status: error.status });
  }
  return data<ActionData>({ intent, errors: { form: "Choose what to do." }, values: {} }, { status: 400 });
}

export default function ApiKeys() {
  const { keys, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const errors = actionData && "errors" in actionData ? actionData : undefined;
  const created = actionData && "created" in actionData ? actionData.created : undefined;
  return (
    <>
      <p className="mb-2">
        <Link to="/admin">Back to administration</Link>
      </p>
      <PageHeader title="API keys" lead="Keys let a service provider's own system read its onward referrals and report outcomes (FHIR R4 Task API)." />

      {created ? (
        <section aria-labelledby="new-key-heading" className="mb-6 rounded-md border-4 border-green-700 bg-white p-4">
          <h2 id="new-key-heading" className="text-lg font-bold">
            New key for {created.organisationName}
          </h2>
          <p className="mt-1">Copy it now and give it to them securely. It is shown only this once: Pathway keeps only a fingerprint of it.</p>
          <label htmlFor="new-key" className="mt-3 block font-semibold">
            API key
          </label>
          <input id="new-key" readOnly value={created.key} className="input mt-1 font-mono" onFocus={(e) => e.currentTarget.select()} />
        </section>
      ) : null}
      {actionData && "revoked" in actionData ? <Notice tone="success">The key is revoked: it stops working at once.</Notice> : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="keys-heading" className="card overflow-x-auto lg:col-span-2">
          <h2 id="keys-heading" className="text-xl font-bold">
            Issued keys
          </h2>
          {errors?.intent === "revoke" ? <ErrorSummary errors={errors.errors} /> : null}
          {keys.length ? (
            <table className="table mt-3">
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Key</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td>
                      {k.organisationName}
                      <span className="block text-sm text-slate-700">{k.name}</span>
                    </td>
                    <td className="font-mono">{k.prefix}…</td>
                    <td>
                      {formatDateTime(k.createdAt)}
                      {k.createdByName ? <span className="block text-sm text-slate-700">by {k.createdByName}</span> : null}
                    </td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</td>
                    <td>
                      {k.revokedAt ? (
                        <span className="badge bg-slate-200 text-slate-900">Revoked {formatDateTime(k.revokedAt)}</span>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="keyId" value={k.id} />
                          <SubmitButton name="intent" value="revoke" className="button-danger" pendingText="Revoking…">
                            Revoke<span className="sr-only"> the key {k.prefix} of {k.organisationName}</span>
                          </SubmitButton>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="mt-3">
              <EmptyState title="No keys issued yet" />
            </div>
          )}
        </section>

        <section aria-labelledby="issue-heading" className="card">
          <h2 id="issue-heading" className="text-xl font-bold">
            Issue a key
          </h2>
          {errors?.intent === "create" ? <ErrorSummary errors={errors.errors} labels={{ organisationId: "Service provider", name: "Name" }} /> : null}
          <Form method="post" className="mt-3 space-y-4">
            <SelectField
              name="organisationId"
              label="Service provider"
              placeholder="Choose…"
              options={organisations.map((o) => ({ value: o.id, label: o.name }))}
              defaultValue={errors?.intent === "create" ? errors.values.organisationId : undefined}
              error={errors?.intent === "create" ? errors.errors.organisationId : undefined}
            />
            <TextField
              name="name"
              label="Name"
              hint="What will use it, for example “Case management system”."
              defaultValue={errors?.intent === "create" ? errors.values.name : undefined}
              error={errors?.intent === "create" ? errors.errors.name : undefined}
            />
            <SubmitButton name="intent" value="create" pendingText="Issuing…">
              Issue key
            </SubmitButton>
          </Form>
          <p className="mt-4 text-sm text-slate-700">
            The key sees only the onward referrals to that organisation&apos;s own services. The API is described in docs/api.md.
          </p>
        </section>
      </div>
    </>
  );
}
