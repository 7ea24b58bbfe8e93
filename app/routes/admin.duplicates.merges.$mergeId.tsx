import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AdminPage, ConfirmAction, Facts, StatusBadge } from "~/components/admin/admin-page";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { DomainError } from "~/domain/errors";
import { findMerge, undoMerge } from "~/domain/person-merges.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, requiredText } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Merge of duplicate people · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "person:merge");
  const merge = findMerge(getDb(), args.params.mergeId ?? "");
  invariantResponse(merge, "Not found", { status: 404 });
  const person = (p: typeof merge.surviving) => ({
    id: p.id,
    name: `${p.givenName} ${p.familyName}`,
    dateOfBirth: p.dateOfBirth,
  });
  return {
    id: merge.id,
    surviving: person(merge.surviving),
    merged: person(merge.merged),
    reason: merge.reason,
    movedCount: Object.values(merge.moved).reduce((n, ids) => n + ids.length, 0),
    mergedAt: merge.mergedAt,
    mergedByName: merge.mergedByName,
    undoneAt: merge.undoneAt,
    undoneByName: merge.undoneByName,
    undoReason: merge.undoReason,
    undoBlockedBecause: merge.undoBlockedBecause,
  };
}

const undoSchema = z.object({ undoReason: requiredText("Say why the merge is being undone", 500) });

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "person:merge");
  const mergeId = args.params.mergeId ?? "";
  const db = getDb();
  invariantResponse(findMerge(db, mergeId), "Not found", { status: 404 });
  const form = parseForm(undoSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    undoMerge(db, audit, mergeId, form.data.undoReason);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { undoReason: error.message }, values: form.values }, { status: error.status });
  }
  throw redirect(`/admin/duplicates/merges/${mergeId}?done=undone`);
}

export default function MergeRecord() {
  const merge = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <AdminPage title={`${merge.merged.name} merged into ${merge.surviving.name}`}>
      {done === "merged" && !merge.undoneAt ? (
        <Notice tone="success">
          The records were merged: {merge.movedCount} records moved to {merge.surviving.name}.
        </Notice>
      ) : null}
      {done === "undone" && merge.undoneAt ? (
        <Notice tone="success">The merge was undone: every record that moved is back with {merge.merged.name}.</Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} labels={{ undoReason: "Why the merge is being undone" }} />
      <section aria-labelledby="merge-heading" className="card my-6">
        <h2 id="merge-heading" className="mb-3 text-xl font-bold">
          The merge {merge.undoneAt ? <StatusBadge tone="grey">Undone</StatusBadge> : null}
        </h2>
        <Facts
          items={[
            [
              "Person who stays",
              <Link key="s" to={`/admin/subject-access/${merge.surviving.id}`}>
                {merge.surviving.name}, born {formatDate(merge.surviving.dateOfBirth)}
              </Link>,
            ],
            [
              "Duplicate merged",
              <Link key="m" to={`/admin/subject-access/${merge.merged.id}`}>
                {merge.merged.name}, born {formatDate(merge.merged.dateOfBirth)}
              </Link>,
            ],
            ["Why", merge.reason],
            ["Records moved", String(merge.movedCount)],
            ["Merged", `${formatDateTime(merge.mergedAt)} by ${merge.mergedByName}`],
            ...(merge.undoneAt
              ? ([
                  ["Undone", `${formatDateTime(merge.undoneAt)} by ${merge.undoneByName}`],
                  ["Why undone", merge.undoReason],
                ] as [string, string | null][])
              : []),
          ]}
        />
      </section>
      {merge.undoBlockedBecause ? (
        merge.undoneAt ? null : (
          <Notice tone="warning">{merge.undoBlockedBecause}</Notice>
        )
      ) : (
        <ConfirmAction summary="Undo this merge">
          <p>
            Every record that moved goes back to {merge.merged.name}. Records made for {merge.surviving.name} since the
            merge stay with them.
          </p>
          <Form method="post" className="space-y-4" noValidate>
            <TextField
              name="undoReason"
              label="Why the merge is being undone"
              multiline
              rows={3}
              maxLength={500}
              defaultValue={actionData?.values?.undoReason}
              error={actionData?.errors?.undoReason}
            />
            <SubmitButton className="button-danger" pendingText="Undoing…">
              Undo merge
            </SubmitButton>
          </Form>
        </ConfirmAction>
      )}
      <p className="mt-6">
        <Link to="/admin/duplicates">Back to duplicate people</Link>
      </p>
    </AdminPage>
  );
}
