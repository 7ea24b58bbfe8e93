import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { createApiKey, listApiKeys, listServiceProviders, revokeApiKey } from "~/domain/api-keys.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, requiredText, type FieldErrors, type FormValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "API keys · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  return {
    keys: listApiKeys(db),
    organisations: listServiceProviders(db),
    apiAddress: `${new URL(args.request.url).origin}/api/fhir`,
  };
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
      return data<ActionData>({
        intent,
        created: { key: created.key, prefix: created.prefix, organisationName: created.organisationName },
      });
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
  const { keys, organisations, apiAddress } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const errors = actionData && "errors" in actionData ? actionData : undefined;
  const created = actionData && "created" in actionData ? actionData.created : undefined;
  return (
    <>
      <p className="mb-2">
        <Link to="/admin">Back to administration</Link>
      </p>
      <PageHeader
        title="API keys"
        lead="Keys let a service provider's own system read its onward referrals and report outcomes (FHIR R4 Task API)."
      />

      {created ? (
        <section aria-labelledby="new-key-heading" className="mb-6 rounded-md border-4 border-green-700 bg-white p-4">
          <h2 id="new-key-heading" className="text-lg font-bold">
            New key for {created.organisationName}
          </h2>
          <p className="mt-1">
            Copy it now and give it to them securely. It is shown only this once: Pathway keeps only a fingerprint of
            it.
          </p>
          <label htmlFor="new-key" className="mt-3 block font-semibold">
            API key
          </label>
          <input
            id="new-key"
            readOnly
            value={created.key}
            className="input mt-1 font-mono"
            onFocus={(e) => e.currentTarget.select()}
          />
        </section>
      ) : null}
      {actionData && "revoked" in actionData ? (
        <Notice tone="success">The key is revoked: it stops working at once.</Notice>
      ) : null}

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
                      {k.createdByName ? (
                        <span className="block text-sm text-slate-700">by {k.createdByName}</span>
                      ) : null}
                    </td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</td>
                    <td>
                      {k.revokedAt ? (
                        <span className="badge bg-slate-200 text-slate-900">Revoked {formatDateTime(k.revokedAt)}</span>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="keyId" value={k.id} />
                          <SubmitButton name="intent" value="revoke" className="button-danger" pendingText="Revoking…">
                            Revoke
                            <span className="sr-only">
                              {" "}
                              the key {k.prefix} of {k.organisationName}
                            </span>
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
          {errors?.intent === "create" ? (
            <ErrorSummary errors={errors.errors} labels={{ organisationId: "Service provider", name: "Name" }} />
          ) : null}
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
        </section>
      </div>

      <section aria-labelledby="explained-heading" className="card mt-6 max-w-3xl">
        <h2 id="explained-heading" className="text-xl font-bold">
          What a key is for, and what to give the provider
        </h2>
        <p className="mt-2">
          A service provider with its own case management system can use a key instead of the inbox and spreadsheet
          uploads: their system reads the referrals sent to their services and reports back what happened (accepted,
          appointment booked, attended, ended…).
        </p>
        <h3 className="mt-4 font-bold">What the key can see and do</h3>
        <ul className="mt-1 list-disc space-y-1 pl-6">
          <li>
            Only the referrals to that provider&apos;s own services, and of each only what the person agreed to share
            with that service.
          </li>
          <li>
            Report outcomes, which the referring worker sees as reported by the provider&apos;s own system. It cannot
            make or cancel referrals.
          </li>
          <li>Every read and every change is written to the audit log against the provider.</li>
        </ul>
        <h3 className="mt-4 font-bold">Give the provider&apos;s system supplier</h3>
        <dl className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">The key</dt>
          <dd>
            Shown once when you issue it. Send it securely (not in the same email as the address below), to a named
            person.
          </dd>
          <dt className="font-semibold">The address</dt>
          <dd className="break-all font-mono">{apiAddress}</dd>
          <dt className="font-semibold">The standard</dt>
          <dd>
            HL7 FHIR R4, the Task resource (the key goes in an &ldquo;Authorization: Bearer&rdquo; header).
            Pathway&apos;s technical guide for suppliers comes with its documentation; your Pathway support contact can
            send it.
          </dd>
        </dl>
        <h3 className="mt-4 font-bold">When to revoke a key</h3>
        <p className="mt-1">
          When the provider stops using their system, changes supplier, or the key may have been seen by someone it was
          not meant for. A revoked key stops working at once; issue a new one if they still need it. &ldquo;Last
          used&rdquo; shows whether a key is still in use.
        </p>
      </section>
    </>
  );
}
