import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentForm, type DraftSaved } from "~/components/assessment-form";
import { PageHeader } from "~/components/page";
import { recordPersonViewed } from "~/domain/audit.server";
import { answersSchema, nestFormValues } from "~/domain/assessments";
import { completeAssessment, latestAssessment, readAnswers, saveAssessmentDraft } from "~/domain/assessments.server";
import { DomainError } from "~/domain/errors";
import { requireWorkerCase } from "~/utils/cases.server";
import { getDb } from "~/utils/db.server";
import { errorsFromZod, formValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Needs assessment · Pathway" }];


export async function loader(args: LoaderFunctionArgs) {
  const { signedIn, view } = await requireWorkerCase(args);
  const db = getDb();
  const latest = latestAssessment(db, view.referral.id);
  recordPersonViewed(db, signedIn.audit, view.person.id, { via: "referral-assessment", recordId: view.referral.id });
  return {
    referralId: view.referral.id,
    personName: `${view.person.givenName} ${view.person.familyName}`,
    answers: readAnswers(latest),
    draft: latest?.status === "draft" ? { rowVersion: latest.rowVersion, savedAt: latest.updatedAt, version: latest.assessmentVersion } : null,
    nextVersion: latest ? (latest.status === "draft" ? latest.assessmentVersion : latest.assessmentVersion + 1) : 1,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { signedIn, view } = await requireWorkerCase(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const values = formValues(formData);
  const rowVersion = Number(values.rowVersion) || null;
  const parsed = answersSchema.safeParse(nestFormValues(values));
  if (!parsed.success) {
    return data<DraftSaved & { values?: typeof values }>({ ok: false, errors: errorsFromZod(parsed.error), values }, { status: 400 });
  }
  const db = getDb();
  try {
    if (intent === "complete") {
      const result = completeAssessment(db, signedIn.audit, view.referral.id, parsed.data, rowVersion);
      if (!result.ok) return data({ ok: false as const, errors: result.problems, values }, { status: 400 });
      throw redirect(`/worker/referrals/${view.referral.id}?assessed=1`);
    }
    const saved = saveAssessmentDraft(db, signedIn.audit, view.referral.id, parsed.data, rowVersion);
    return data<DraftSaved>({ ok: true, savedAt: saved.updatedAt, rowVersion: saved.rowVersion });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ ok: false as const, errors: { [error.field]: error.message }, values }, { status: error.status });
  }
}

export default function Assessment() {
  const { referralId, personName, answers, draft, nextVersion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // After a failed completion the page shows what was submitted, not what was stored.
  const submitted = actionData && !actionData.ok && "values" in actionData && actionData.values ? answersSchema.safeParse(nestFormValues(actionData.values as Record<string, string | string[]>)) : null;
  const shownAnswers = submitted?.success ? submitted.data : answers;
  return (
    <>
      <p className="mb-2">
        <Link to={`/worker/referrals/${referralId}`}>Back to {personName}</Link>
      </p>
      <PageHeader title={`Needs assessment: ${personName}`} lead={`Version ${nextVersion}${draft ? " (draft)" : ""}`} />
      <AssessmentForm
        key={JSON.stringify(shownAnswers)}
        answers={shownAnswers}
        rowVersion={actionData?.ok ? actionData.rowVersion : (draft?.rowVersion ?? null)}
        lastSavedAt={draft?.savedAt ?? null}
        errors={actionData && !actionData.ok ? actionData.errors : {}}
      />
    </>
  );
}
