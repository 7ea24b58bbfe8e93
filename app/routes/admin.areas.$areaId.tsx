import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { areaSchema } from "~/domain/admin-forms";
import { areaKindLabels } from "~/domain/areas";
import { findArea, listAreas, updateArea } from "~/domain/centres.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.area.name ?? "Area"} · Administration · Pathway` },
];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const area = findArea(db, args.params.areaId ?? "");
  invariantResponse(area, "Not found", { status: 404 });
  return { area, adps: listAreas(db).filter((a) => a.kind === "adp") };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const form = parseForm(areaSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    updateArea(getDb(), audit, args.params.areaId ?? "", form.data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: form.values },
      { status: error.status },
    );
  }
  throw redirect("/admin/areas");
}

export default function EditArea() {
  const { area, adps } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = actionData?.values ?? { name: area.name, code: area.code, parentAreaId: area.parentAreaId ?? "" };
  return (
    <AdminPage title={area.name} lead={areaKindLabels[area.kind]}>
      <ErrorSummary
        errors={errors}
        labels={{ name: "Name", code: "Code", parentAreaId: "Alcohol and Drug Partnership" }}
      />
      <Form method="post" className="card max-w-xl space-y-4" noValidate>
        <TextField name="name" label="Name" defaultValue={values.name} error={errors.name} />
        <TextField name="code" label="Code" defaultValue={values.code} error={errors.code} />
        {area.kind === "local_authority" ? (
          <SelectField
            name="parentAreaId"
            label="Alcohol and Drug Partnership"
            placeholder="None"
            defaultValue={values.parentAreaId}
            error={errors.parentAreaId}
            options={adps.map((a) => ({ value: a.id, label: a.name }))}
          />
        ) : null}
        <div className="flex flex-wrap gap-3">
          <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
          <Link to="/admin/areas" className="button-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </AdminPage>
  );
}
