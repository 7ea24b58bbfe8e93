import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AREA_KINDS } from "#db/schema";
import { AdminPage } from "~/components/admin/admin-page";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { EmptyState, Notice } from "~/components/page";
import { areaKindSchema, areaSchema } from "~/domain/admin-forms";
import { areaKindLabels } from "~/domain/areas";
import { createArea, listAreas } from "~/domain/centres.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Areas · Administration · Pathway" }];

const labels = { kind: "Kind", name: "Name", code: "Code", parentAreaId: "Alcohol and Drug Partnership" };

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return { areas: listAreas(getDb()) };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const formData = await args.request.formData();
  const form = parseForm(areaSchema, formData);
  const kind = areaKindSchema.safeParse(formData.get("kind"));
  if (!form.ok || !kind.success) {
    const errors = {
      ...(kind.success ? {} : { kind: "Choose what kind of area it is" }),
      ...(form.ok ? {} : form.errors),
    };
    return data({ errors, values: form.values }, { status: 400 });
  }
  try {
    createArea(getDb(), audit, { kind: kind.data, ...form.data });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: form.values },
      { status: error.status },
    );
  }
  throw redirect("/admin/areas?saved=1");
}

export default function Areas() {
  const { areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const adps = areas.filter((a) => a.kind === "adp");
  return (
    <AdminPage
      title="Areas"
      lead="Custody centres sit in a police division and a local authority; services serve local authorities; commissioners fund areas."
    >
      {searchParams.get("saved") && !actionData ? <Notice tone="success">The area was added.</Notice> : null}
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <div className="space-y-6">
          {AREA_KINDS.map((kind) => {
            const ofKind = areas.filter((a) => a.kind === kind);
            return (
              <section key={kind} aria-labelledby={`${kind}-heading`} className="card">
                <h2 id={`${kind}-heading`} className="text-xl font-bold">
                  {areaKindLabels[kind]}s
                </h2>
                {ofKind.length ? (
                  <table className="table mt-2">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Code</th>
                        {kind === "local_authority" ? <th scope="col">Alcohol and Drug Partnership</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {ofKind.map((a) => (
                        <tr key={a.id}>
                          <td>
                            <Link to={`/admin/areas/${a.id}`}>{a.name}</Link>
                          </td>
                          <td>{a.code}</td>
                          {kind === "local_authority" ? <td>{a.parentName ?? "None"}</td> : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <EmptyState title={`No ${areaKindLabels[kind].toLowerCase()}s yet`} />
                )}
              </section>
            );
          })}
        </div>
        <section aria-labelledby="add-heading" className="card self-start">
          <h2 id="add-heading" className="text-xl font-bold">
            Add an area
          </h2>
          <ErrorSummary errors={errors} labels={labels} />
          <Form method="post" className="mt-3 space-y-4" noValidate>
            <SelectField
              name="kind"
              label="Kind"
              placeholder="Choose a kind"
              defaultValue={values.kind}
              error={errors.kind}
              options={AREA_KINDS.map((k) => ({ value: k, label: areaKindLabels[k] }))}
            />
            <TextField name="name" label="Name" defaultValue={values.name} error={errors.name} />
            <TextField
              name="code"
              label="Code"
              hint="A short code, such as the official area code."
              defaultValue={values.code}
              error={errors.code}
            />
            <SelectField
              name="parentAreaId"
              label="Alcohol and Drug Partnership (local authorities only)"
              placeholder="None"
              defaultValue={values.parentAreaId}
              error={errors.parentAreaId}
              options={adps.map((a) => ({ value: a.id, label: a.name }))}
            />
            <SubmitButton pendingText="Adding…">Add area</SubmitButton>
          </Form>
        </section>
      </div>
    </AdminPage>
  );
}
