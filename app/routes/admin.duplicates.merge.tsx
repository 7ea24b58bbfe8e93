import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminPage } from "~/components/admin/admin-page";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { DomainError } from "~/domain/errors";
import { personResource } from "~/domain/people.server";
import { mergePeople, previewMerge } from "~/domain/person-merges.server";
import { assertPermission, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm, requiredText } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Check and merge · Duplicate people · Administration · Pathway" }];

/** What a merge moves, in the administrator's words, one and many (keys are "table.column"). */
const movingLabels: Record<string, [string, string]> = {
  "arrest_referrals.person_id": ["arrest referral", "arrest referrals"],
  "custody_episodes.person_id": ["time in custody", "times in custody"],
  "consents.person_id": ["consent", "consents"],
  "needs_assessments.person_id": ["needs assessment", "needs assessments"],
  "onward_referrals.person_id": ["referral to a service", "referrals to services"],
  "messages.person_id": ["message to the person", "messages to the person"],
  "notifications.person_id": ["notification about the person", "notifications about the person"],
  "people.merged_into_person_id": [
    "record merged into the duplicate earlier",
    "records merged into the duplicate earlier",
  ],
};
const movingLabel = (key: string, count: number) => {
  const known = movingLabels[key];
  if (known) return known[count === 1 ? 0 : 1];
  return key.replace(/\.person_id$/, "").replace(/_/g, " ");
};

function preview(survivingPersonId: string, mergedPersonId: string) {
  try {
    const found = previewMerge(getDb(), { survivingPersonId, mergedPersonId });
    const person = (p: typeof found.surviving) => ({
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      dateOfBirth: p.dateOfBirth,
      policeIdentifier: p.policeIdentifier,
      healthIdentifier: p.healthIdentifier,
      hasPhone: p.phone !== null,
      firstRecordedAt: p.createdAt,
      newPersonReason: p.newPersonReason,
    });
    return {
      ok: true as const,
      surviving: person(found.surviving),
      merged: person(found.merged),
      moving: Object.entries(found.moving).map(([key, count]) => ({ label: movingLabel(key, count), count })),
      openReferrals: found.openReferrals,
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    invariantResponse(error.status !== 404, "Not found", { status: 404 });
    return { ok: false as const, message: error.message };
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "person:merge");
  const params = new URL(args.request.url).searchParams;
  const keep = params.get("keep") ?? "";
  const merge = params.get("merge") ?? "";
  if (!keep || !merge) return { ok: false as const, message: "Choose a pair of people from the list of duplicates." };
  return preview(keep, merge);
}

const mergeSchema = z.object({
  survivingPersonId: z.string().min(1).max(64),
  mergedPersonId: z.string().min(1).max(64),
  reason: requiredText("Say why these are the same person", 500),
});

export async function action(args: ActionFunctionArgs) {
  const { actor, audit } = await requirePermission(args, "person:merge");
  const db = getDb();
  const form = parseForm(mergeSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  // Both ids come from the form: each must be a person this administrator may merge.
  for (const id of [form.data.survivingPersonId, form.data.mergedPersonId]) {
    const resource = personResource(db, id);
    invariantResponse(resource, "Not found", { status: 404 });
    assertPermission(actor, "person:merge", resource);
  }
  try {
    const mergeId = mergePeople(db, audit, form.data);
    throw redirect(`/admin/duplicates/merges/${mergeId}?done=merged`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { [error.field]: error.message }, values: form.values }, { status: error.status });
  }
}

export default function CheckAndMerge() {
  const found = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!found.ok)
    return (
      <AdminPage title="These records cannot be merged">
        <Notice tone="warning">{found.message}</Notice>
        <p className="mt-4">
          <Link to="/admin/duplicates">Back to duplicate people</Link>
        </p>
      </AdminPage>
    );
  const { surviving, merged, moving, openReferrals } = found;
  const swap = `/admin/duplicates/merge?keep=${encodeURIComponent(merged.id)}&merge=${encodeURIComponent(surviving.id)}`;
  const summary = (p: typeof surviving): [string, string][] => [
    ["Name", p.name],
    ["Date of birth", formatDate(p.dateOfBirth)],
    ["Police identifier", p.policeIdentifier ?? "None"],
    ["Health identifier", p.healthIdentifier ?? "None"],
    ["Phone to contact them", p.hasPhone ? "Held" : "None"],
    ["First recorded", formatDateTime(p.firstRecordedAt)],
    ...(p.newPersonReason ? ([["Why custody made a new record", p.newPersonReason]] as [string, string][]) : []),
  ];
  return (
    <AdminPage
      title="Check before merging"
      lead="Everything recorded about the duplicate moves to the person who stays. The merge is logged, and an administrator can undo it."
    >
      <ErrorSummary errors={actionData?.errors} labels={{ reason: "Why they are the same person" }} />
      {/* Side by side on a wide screen, line for line, so the two can be compared. */}
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        {[
          { heading: "Person who stays", person: surviving, id: "stays" },
          { heading: "Duplicate to merge into them", person: merged, id: "duplicate" },
        ].map(({ heading, person, id }) => (
          <section key={id} aria-labelledby={`${id}-heading`} className="card">
            <h2 id={`${id}-heading`} className="text-xl font-bold">
              {heading}
            </h2>
            <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
              {summary(person).map(([term, value]) => (
                <div key={term} className="contents">
                  <dt className="font-semibold">{term}</dt>
                  <dd className="mb-2 break-words sm:mb-0">{value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="mb-6">
        <Link to={swap}>Keep the other record instead</Link>
        <span className="text-slate-700"> (the duplicate becomes the person who stays)</span>
      </p>
      <section aria-labelledby="moving-heading" className="card mb-6">
        <h2 id="moving-heading" className="text-xl font-bold">
          What moves to {surviving.name}
        </h2>
        {moving.length ? (
          <ul className="mt-3 list-disc pl-5">
            {moving.map((m) => (
              <li key={m.label}>
                {m.count} {m.label}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3">Nothing but the record itself.</p>
        )}
        <p className="mt-3 text-slate-700">
          Empty details of the person who stays (identifiers, the phone number) are filled in from the duplicate.
        </p>
        {openReferrals.surviving && openReferrals.merged ? (
          <div className="mt-3">
            <Notice tone="warning">
              Both have an open arrest referral. After the merge {surviving.name} has{" "}
              {openReferrals.surviving + openReferrals.merged} open referrals; each stays with its own worker, who may
              close one as a duplicate.
            </Notice>
          </div>
        ) : null}
      </section>
      <Form method="post" className="card space-y-4" noValidate aria-labelledby="merge-heading">
        <h2 id="merge-heading" className="text-xl font-bold">
          Merge
        </h2>
        <TextField
          name="reason"
          label="Why they are the same person"
          hint="For example: same police identifier, confirmed with the custody centre. Kept with the merge."
          multiline
          rows={3}
          maxLength={500}
          defaultValue={actionData?.values?.reason}
          error={actionData?.errors?.reason ?? actionData?.errors?.form}
        />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton pendingText="Merging…">Merge records</SubmitButton>
          <Link to="/admin/duplicates">Cancel</Link>
        </div>
        <input type="hidden" name="survivingPersonId" value={surviving.id} />
        <input type="hidden" name="mergedPersonId" value={merged.id} />
      </Form>
    </AdminPage>
  );
}
