import { Link, useLoaderData } from "@remix-run/react";
import { AssessmentSummary } from "~/components/assessment-summary";
import { PageHeader } from "~/components/page";
import { findAssessment, readAnswers } from "~/domain/assessments.server";
import { recordPersonViewed } from "~/domain/audit.server";
import { findReferral, referralResource } from "~/domain/referrals.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Assessment version · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "worker:use");
  const db = getDb();
  const assessment = findAssessment(db, args.params.assessmentId ?? "");
  invariantResponse(assessment, "Not found", { status: 404 });
  const referral = findReferral(db, assessment.arrestReferralId)!;
  const { audit } = await requirePermission(args, "referral:work", referralResource(db, referral));
  recordPersonViewed(db, audit, assessment.personId, { via: "needs-assessment", recordId: assessment.id });
  return {
    referralId: referral.id,
    version: assessment.assessmentVersion,
    status: assessment.status,
    startedAt: assessment.startedAt,
    completedAt: assessment.completedAt,
    answers: readAnswers(assessment),
  };
}

export default function AssessmentVersion() {
  const { referralId, version, status, startedAt, completedAt, answers } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <Link to={`/worker/referrals/${referralId}`}>Back to the referral</Link>
      </p>
      <PageHeader
        title={`Assessment version ${version}`}
        lead={`${status === "draft" ? "Draft" : status === "completed" ? "Completed" : "Replaced by a later version"} · started ${formatDateTime(startedAt)}${completedAt ? ` · completed ${formatDateTime(completedAt)}` : ""}`}
      />
      <AssessmentSummary answers={answers} />
    </>
  );
}
