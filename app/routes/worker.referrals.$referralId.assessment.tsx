import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentForm, type DraftSaved } from "~/components/assessment-form";
import { AssessmentSummary } from "~/components/assessment-summary";
import { SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { answersSchema, completionProblems, nestFormValues } from "~/domain/assessments";
import { completeAssessment, latestAssessment, readAnswers, saveAssessmentDraft } from "~/domain/assessments.server";
import { recordPersonViewed } from "~/domain/audit.server";
import { DomainError } from "~/domain/errors";
import { requireWorkerCase } from "~/server/cases.server";
import { getDb } from "~/server/db.server";
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
    draft:
      latest?.status === "draft"
        ? { rowVersion: latest.rowVersion, savedAt: latest.updatedAt, version: latest.assessmentVersion }
        : null,
    nextVersion: latest ? (latest.status === "draft" ? latest.assessmentVersion : latest.assessmentVersion + 1) : 1,
    disclosedNeeds: view.episode?.disclosedNeeds ?? [],
    disclosedOther: view.episode?.disclosedOther ?? null,
    // "Check your answers": the saved draft, read back before it is completed.
    isChecking: new URL(args.request.url).searchParams.get("check") === "1" && latest?.status === "draft",
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
    return data<DraftSaved & { values?: typeof values }>(
      { ok: false, errors: errorsFromZod(parsed.error), values },
      { status: 400 },
    );
  }
  const db = getDb();
  try {
    if (intent === "complete") {
      // From "check your answers": what is completed is the draft the worker has just read.
      const draft = latestAssessment(db, view.referral.id);
      const answers = readAnswers(draft?.status === "draft" ? draft : undefined);
      const result = completeAssessment(db, signedIn.audit, view.referral.id, answers, rowVersion);
      if (!result.ok) return data({ ok: false as const, errors: result.problems, values }, { status: 400 });
      throw redirect(`/worker/referrals/${view.referral.id}?assessed=1`);
    }
    if (intent === "check") {
      const problems = completionProblems(parsed.data);
      if (Object.keys(problems).length) return data({ ok: false as const, errors: problems, values }, { status: 400 });
      saveAssessmentDraft(db, signedIn.audit, view.referral.id, parsed.data, rowVersion);
      throw redirect(`/worker/referrals/${view.referral.id}/assessment?check=1`);
    }
    const saved = saveAssessmentDraft(db, signedIn.audit, view.referral.id, parsed.data, rowVersion);
    return data<DraftSaved>({ ok: true, savedAt: saved.updatedAt, rowVersion: saved.rowVersion });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ ok: false as const, errors: { [error.field]: error.message }, values }, { status: error.status });
  }
}

export default function Assessment() {
  const { referralId, personName, answers, draft, nextVersion, disclosedNeeds, disclosedOther, isChecking } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // After a failed completion the page shows what was submitted, not what was stored.
  const submitted =
    actionData && !actionData.ok && "values" in actionData && actionData.values
      ? answersSchema.safeParse(nestFormValues(actionData.values as Record<string, string | string[]>))
      : null;
  const shownAnswers = submitted?.success ? submitted.data : answers;
  const assessmentPath = `/worker/referrals/${referralId}/assessment`;
  if (isChecking && !actionData) {
    return (
      <>
        <p className="mb-2">
          <Link to={assessmentPath}>Back to the assessment</Link>
        </p>
        <PageHeader
          title="Check your answers"
          lead={`Needs assessment for ${personName}, version ${nextVersion}. Nothing is shared until you complete it.`}
        />
        <AssessmentSummary answers={answers} changeLink={(domain) => `${assessmentPath}#${domain}-heading`} />
        <Form method="post" className="mt-6 flex flex-wrap gap-3">
          <input type="hidden" name="rowVersion" value={draft?.rowVersion ?? ""} />
          <SubmitButton name="intent" value="complete" pendingText="Completing…">
            Complete the assessment
          </SubmitButton>
          <Link to={assessmentPath} className="button-secondary">
            Change answers
          </Link>
        </Form>
      </>
    );
  }
  return (
    <>
      <p className="mb-2">
        <Link to={`/worker/referrals/${referralId}`}>Back to {personName}</Link>
      </p>
      <PageHeader title={`Needs assessment: ${personName}`} lead={`Version ${nextVersion}${draft ? " (draft)" : ""}`} />
      <AssessmentForm
        // Remounted only to show refused answers: a draft saved in the background must not reset
        // the form (and the worker's place in it) under their hands.
        key={submitted?.success ? JSON.stringify(submitted.data) : "saved"}
        answers={shownAnswers}
        rowVersion={actionData?.ok ? actionData.rowVersion : (draft?.rowVersion ?? null)}
        lastSavedAt={draft?.savedAt ?? null}
        errors={actionData && !actionData.ok ? actionData.errors : {}}
        disclosedNeeds={disclosedNeeds}
        disclosedOther={disclosedOther}
      />
    </>
  );
}
