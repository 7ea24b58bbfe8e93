import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { AdminPage, StatusBadge } from "~/components/admin/admin-page";
import { ErrorSummary, fieldId, SubmitButton } from "~/components/forms";
import { EmptyState, Notice } from "~/components/page";
import {
  applyImport,
  countPlannedChanges,
  previewImport,
  type ImportPlan,
  type PlannedChangeCounts,
} from "~/domain/directory-import.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";

export const meta: MetaFunction = () => [{ title: "Import services · Administration · Pathway" }];

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return null;
}

type ActionResult =
  | { step: "problems"; errors: Record<string, string>; problems: string[] }
  | { step: "preview"; plan: ImportPlan; counts: PlannedChangeCounts; fileText: string; fileName: string };

async function readFile(formData: FormData): Promise<{ text: string; name: string } | { error: string }> {
  const file = formData.get("file");
  if (!file || typeof file === "string" || file.size === 0)
    return { error: "Choose an Open Referral (HSDS 3.0) JSON file" };
  if (file.size > MAX_FILE_BYTES)
    return { error: "The file is larger than 5 MB: split the directory into smaller files" };
  return { text: await file.text(), name: file.name };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const formData = await args.request.formData();
  const db = getDb();
  const fail = (message: string, problems: string[] = [], status = 400) =>
    data<ActionResult>({ step: "problems", errors: { file: message }, problems }, { status });

  if (formData.get("intent") === "apply") {
    const fileText = String(formData.get("fileText") ?? "");
    const fingerprint = String(formData.get("fingerprint") ?? "");
    try {
      const counts = applyImport(db, audit, fileText, fingerprint);
      throw redirect(
        `/admin/services/import?${new URLSearchParams({ created: String(counts.servicesCreated), updated: String(counts.servicesUpdated) })}`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return fail(error.message, (error.options.detail?.problems as string[] | undefined) ?? [], error.status);
    }
  }

  const file = await readFile(formData);
  if ("error" in file) return fail(file.error);
  const result = previewImport(db, file.text);
  if (!result.ok) {
    const count = result.problems.length;
    return fail(
      `The file cannot be imported: ${count === 1 ? "there is 1 problem" : `there are ${count} problems`}, listed below. Nothing was changed.`,
      result.problems,
    );
  }
  return data<ActionResult>({
    step: "preview",
    plan: result.plan,
    counts: countPlannedChanges(result.plan),
    fileText: file.text,
    fileName: file.name,
  });
}

const actionLabels = { create: "New", update: "Changes", unchanged: "No change" } as const;
const actionTones = { create: "green", update: "amber", unchanged: "grey" } as const;

function Preview({
  plan,
  counts,
  fileText,
  fileName,
}: {
  plan: ImportPlan;
  counts: PlannedChangeCounts;
  fileText: string;
  fileName: string;
}) {
  const changing = plan.services.filter((s) => s.action !== "unchanged");
  const organisationsChanging = plan.organisations.filter((o) => o.action !== "unchanged");
  const hasChanges = changing.length + organisationsChanging.length > 0;
  return (
    <section aria-labelledby="preview-heading" className="space-y-6">
      <div className="card">
        <h2 id="preview-heading" className="text-xl font-bold">
          What importing {fileName} would change
        </h2>
        <p className="mt-2">
          {counts.servicesCreated} new {counts.servicesCreated === 1 ? "service" : "services"}, {counts.servicesUpdated}{" "}
          changed, {counts.servicesUnchanged} unchanged
          {counts.organisationsCreated
            ? `; ${counts.organisationsCreated} new ${counts.organisationsCreated === 1 ? "organisation" : "organisations"}`
            : ""}
          {counts.organisationsUpdated ? `; ${counts.organisationsUpdated} organisations changed` : ""}. Services not in
          the file are left as they are.
        </p>
        {plan.warnings.length ? (
          <div className="mt-4">
            <h3 className="font-bold">Worth knowing</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {plan.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>

      {hasChanges ? (
        <>
          {[
            ...organisationsChanging.map((o) => ({
              key: `o-${o.pathwayId}`,
              title: o.name,
              subtitle: "Organisation",
              action: o.action,
              changes: o.changes,
            })),
            ...changing.map((s) => ({
              key: `s-${s.pathwayId}`,
              title: s.name,
              subtitle: s.organisationName,
              action: s.action,
              changes: s.changes,
            })),
          ].map((item) => (
            <article key={item.key} className="card" aria-labelledby={`${item.key}-title`}>
              <h3 id={`${item.key}-title`} className="text-lg font-bold">
                {item.title} <StatusBadge tone={actionTones[item.action]}>{actionLabels[item.action]}</StatusBadge>
              </h3>
              <p className="text-sm text-slate-700">{item.subtitle}</p>
              {item.action === "create" && !item.changes.length ? null : (
                <div className="mt-2 overflow-x-auto">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        {item.action === "update" ? <th scope="col">Now</th> : null}
                        <th scope="col">{item.action === "update" ? "After import" : "Value"}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {item.changes.map((c) => (
                        <tr key={c.field}>
                          <th scope="row" className="font-semibold">
                            {c.field}
                          </th>
                          {item.action === "update" ? <td>{c.from}</td> : null}
                          <td>{c.to}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </article>
          ))}
          <Form method="post" className="card space-y-3">
            <input type="hidden" name="fingerprint" value={plan.fingerprint} />
            <textarea name="fileText" defaultValue={fileText} hidden readOnly aria-hidden="true" tabIndex={-1} />
            <p>Every change above is made together, or none is. Each change is recorded in the audit log.</p>
            <div className="flex flex-wrap gap-3">
              <SubmitButton name="intent" value="apply" pendingText="Importing…">
                Apply these changes
              </SubmitButton>
              <Link to="/admin/services/import" className="button-secondary">
                Cancel
              </Link>
            </div>
          </Form>
        </>
      ) : (
        <EmptyState title="Nothing would change">The directory already holds everything in this file.</EmptyState>
      )}
    </section>
  );
}

export default function ImportServices() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const created = searchParams.get("created");
  const updated = searchParams.get("updated");
  const errors = actionData?.step === "problems" ? actionData.errors : undefined;
  return (
    <AdminPage
      title="Import services"
      lead="Load a directory kept elsewhere as Open Referral HSDS 3.0 JSON. You see what would change before anything does."
    >
      {created !== null && updated !== null && !actionData ? (
        <Notice tone="success">
          Imported: {created} new and {updated} changed {Number(updated) === 1 ? "service" : "services"}.{" "}
          <Link to="/admin/services">Back to the directory</Link>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={{ file: "File" }} />
      {actionData?.step === "problems" && actionData.problems.length ? (
        <section aria-labelledby="problems-heading" className="card mb-6 border-red-300">
          <h2 id="problems-heading" className="text-lg font-bold text-red-800">
            Problems in the file
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {actionData.problems.map((p, index) => (
              <li key={index}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {actionData?.step === "preview" ? (
        <Preview
          plan={actionData.plan}
          counts={actionData.counts}
          fileText={actionData.fileText}
          fileName={actionData.fileName}
        />
      ) : (
        <Form method="post" encType="multipart/form-data" className="card max-w-2xl space-y-4" noValidate>
          <div>
            <label htmlFor={fieldId("file")} className="block font-semibold">
              HSDS 3.0 JSON file
            </label>
            <p id={`${fieldId("file")}-hint`} className="text-sm text-slate-700">
              A page of services (as the HSDS API's /services returns), a list of services, or one service. Each service
              needs at least one service area naming a local authority Pathway knows. Up to 5 MB.
            </p>
            {errors?.file ? (
              <p id={`${fieldId("file")}-error`} className="mt-1 font-semibold text-red-800">
                <span className="sr-only">Error: </span>
                {errors.file}
              </p>
            ) : null}
            <input
              id={fieldId("file")}
              name="file"
              type="file"
              accept=".json,application/json"
              className="mt-2 block w-full"
              aria-invalid={errors?.file ? true : undefined}
              aria-describedby={[`${fieldId("file")}-hint`, errors?.file ? `${fieldId("file")}-error` : ""]
                .filter(Boolean)
                .join(" ")}
            />
          </div>
          <div className="flex flex-wrap gap-3">
            <SubmitButton name="intent" value="preview" pendingText="Reading the file…">
              Preview the changes
            </SubmitButton>
            <Link to="/admin/services" className="button-secondary">
              Cancel
            </Link>
          </div>
        </Form>
      )}
    </AdminPage>
  );
}
