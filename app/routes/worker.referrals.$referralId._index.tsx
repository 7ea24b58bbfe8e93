import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { HowTheyAgreed } from "~/components/consent-to-refer";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { NfoFollowUp } from "~/components/nfo-follow-up";
import { Notice, PageHeader } from "~/components/page";
import { WorkerCase } from "~/components/worker-case";
import { consentScopeLabels } from "~/domain/consents";
import { listConsentsForPerson, recordConsent, withdrawConsent } from "~/domain/consents.server";
import { CONTACT_METHODS, CONTACT_RESULTS } from "~/domain/contact-attempts";
import { releaseSchema } from "~/domain/custody";
import { recordRelease } from "~/domain/custody.server";
import { DomainError } from "~/domain/errors";
import { followUpConsentSchema, NOT_YET_IDENTIFIED, parseIdentification } from "~/domain/naloxone";
import { identifyPerson, nfoFollowUpView, recordFollowUpConsent } from "~/domain/naloxone.server";
import { consentResource } from "~/domain/permissions";
import { CLOSURE_REASONS, referralStateLabel, type ClosureReason } from "~/domain/referral-states";
import {
  claimReferral,
  closeReferral,
  recordContactAttempt,
  releaseClaim,
  reopenReferral,
} from "~/domain/referrals.server";
import {
  closeSchema,
  contactAttemptSchema,
  reopenSchema,
  withdrawConsentSchema,
  WORKER_CLOSURE_REASONS,
  workerConsentSchema,
} from "~/domain/worker-case";
import { workerCaseView } from "~/domain/worker-case.server";
import { assertPermission } from "~/server/auth.server";
import { requireWorkerCase } from "~/server/cases.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";
import { formValues, parseForm, type FieldErrors } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? (data.nfo?.isUnidentified ? NOT_YET_IDENTIFIED : `${data.person.givenName} ${data.person.familyName}`) : "Referral"} · Pathway`,
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const { signedIn, view } = await requireWorkerCase(args);
  const db = getDb();
  // An NFO follow-up (decision 029): the overdose, and whether consent and a name are still to come.
  return { ...workerCaseView(db, signedIn.actor, signedIn.audit, view), nfo: nfoFollowUpView(db, view.referral) };
}

type Match = { personId: string; givenName: string; familyName: string; dateOfBirth: string };
type ActionResult = {
  intent: string;
  errors: FieldErrors;
  values: Record<string, string | string[]>;
  matches?: Match[];
};

export async function action(args: ActionFunctionArgs) {
  const { signedIn, view } = await requireWorkerCase(args);
  const db = getDb();
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const referralId = view.referral.id;
  const fail = (errors: FieldErrors, values: ActionResult["values"] = {}, status = 400, matches?: Match[]) =>
    data<ActionResult>({ intent, errors, values, ...(matches ? { matches } : {}) }, { status });

  try {
    switch (intent) {
      case "claim":
        claimReferral(db, signedIn.audit, referralId);
        break;
      case "release-claim":
        releaseClaim(db, signedIn.audit, referralId);
        break;
      case "record-release": {
        const form = parseForm(releaseSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        recordRelease(db, signedIn.audit, referralId, form.data.releasedAt);
        break;
      }
      case "contact-attempt": {
        const form = parseForm(contactAttemptSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        recordContactAttempt(db, signedIn.audit, referralId, form.data);
        break;
      }
      case "close": {
        const form = parseForm(closeSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        closeReferral(db, signedIn.audit, referralId, form.data.closureReason, form.data.closureNote);
        break;
      }
      case "reopen": {
        const form = parseForm(reopenSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        reopenReferral(db, signedIn.audit, referralId, form.data.reopenReason);
        break;
      }
      case "record-consent": {
        const form = parseForm(workerConsentSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        recordConsent(db, signedIn.audit, referralId, form.data);
        break;
      }
      case "nfo-consent": {
        const form = parseForm(followUpConsentSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        recordFollowUpConsent(db, signedIn.audit, referralId, form.data.consentMethod);
        break;
      }
      case "nfo-identify": {
        const form = parseIdentification(formValues(formData));
        if (!form.ok) return fail(form.errors, formValues(formData));
        identifyPerson(db, signedIn.audit, referralId, form.data);
        break;
      }
      case "withdraw-consent": {
        const form = parseForm(withdrawConsentSchema, formData);
        if (!form.ok) return fail(form.errors, form.values);
        // The consent must be this person's and within this provider's reach, not merely the same person's.
        const consent = listConsentsForPerson(db, view.person.id).find((c) => c.consent.id === form.data.consentId);
        invariantResponse(consent, "Not found", { status: 404 });
        assertPermission(signedIn.actor, "consent:change", consentResource(consent.consent, consent));
        withdrawConsent(db, signedIn.audit, form.data.consentId, form.data.withdrawalNote);
        break;
      }
      default:
        return fail({ form: "Choose what to do." });
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const matches = error.options.detail?.matches as Match[] | undefined;
    return fail({ [error.field]: error.message }, formValues(formData), error.status, matches);
  }
  throw redirect(`/worker/referrals/${referralId}`);
}

export default function WorkerReferral() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { referral, person, centreName, episode, suggestUnableToContact, nowLocal, assignedWorkerName } = loaderData;
  const allowed = new Set(loaderData.allowed);
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : undefined);
  // What the worker typed, shown again beside the messages when a form is refused.
  const typed = (intent: string) => (actionData?.intent === intent ? actionData.values : {});
  const hasCompletedAssessment = loaderData.assessments.some((a) => a.status !== "draft");

  return (
    <>
      <p className="no-print mb-2">
        <Link to="/worker/queue">Back to the queue</Link>
      </p>
      <PageHeader
        title={loaderData.nfo?.isUnidentified ? NOT_YET_IDENTIFIED : `${person.givenName} ${person.familyName}`}
        lead={`${centreName ?? (loaderData.nfo ? "Near-fatal overdose" : "Outside custody")} · ${referralStateLabel(referral.state, loaderData.source)}${assignedWorkerName ? ` · ${referral.isMine ? "with you" : `with ${assignedWorkerName}`}` : ""}`}
      />
      {actionData && ["claim", "release-claim"].includes(actionData.intent) ? (
        <ErrorSummary errors={actionData.errors} />
      ) : null}

      {loaderData.nfo ? (
        <NfoFollowUp
          {...loaderData.nfo}
          canRecordConsent={referral.state !== "closed"}
          consent={{ errors: errorsFor("nfo-consent"), values: typed("nfo-consent") }}
          identify={{
            errors: errorsFor("nfo-identify"),
            values: typed("nfo-identify"),
            matches: actionData?.intent === "nfo-identify" ? actionData.matches : undefined,
          }}
        />
      ) : null}

      <section aria-labelledby="next-heading" className="card mb-6">
        <h2 id="next-heading" className="text-xl font-bold">
          Next step
        </h2>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {allowed.has("claim") ? (
            <Form method="post">
              <SubmitButton name="intent" value="claim" pendingText="Claiming…">
                Claim this referral
              </SubmitButton>
            </Form>
          ) : null}
          {allowed.has("take_on") ? (
            <Form method="post">
              <SubmitButton name="intent" value="claim" pendingText="Taking it on…">
                Take on this follow-up
              </SubmitButton>
            </Form>
          ) : null}
          {allowed.has("assess") && !allowed.has("take_on") ? (
            <Link to={`/worker/referrals/${referral.id}/assessment`} className="button">
              {loaderData.assessments.length === 0
                ? "Start the needs assessment"
                : loaderData.assessments[0].status === "draft"
                  ? "Continue the assessment"
                  : "Edit the assessment (new version)"}
            </Link>
          ) : null}
          {allowed.has("refer_onward") && hasCompletedAssessment ? (
            <>
              <Link to={`/worker/referrals/${referral.id}/onward`} className="button">
                Refer to a service
              </Link>
              <Link to={`/worker/referrals/${referral.id}/card`} className="button-secondary">
                Release card
              </Link>
            </>
          ) : null}
          {referral.isMine && referral.state !== "closed" ? (
            <Link to={`/worker/referrals/${referral.id}/text`} className="button-secondary">
              Send a text message
            </Link>
          ) : null}
          {allowed.has("release_claim") ? (
            <Form method="post">
              <SubmitButton name="intent" value="release-claim" className="button-secondary" pendingText="Giving back…">
                Give back to the queue
              </SubmitButton>
            </Form>
          ) : null}
          {!referral.isMine && assignedWorkerName && referral.state !== "closed" ? (
            <p>{assignedWorkerName} has this referral.</p>
          ) : null}
          {allowed.has("reopen") ? <p>This referral is closed. Reopen it below to work on it again.</p> : null}
        </div>
      </section>

      {searchParams.get("assessed") ? (
        <Notice tone="success">
          <p className="font-semibold">Assessment completed.</p>
          <p>Refer the person on to services from here, then print their release card.</p>
        </Notice>
      ) : null}
      {suggestUnableToContact ? (
        <Notice tone="warning">
          <p className="font-semibold">
            {loaderData.followUpAttemptLimit} attempts to contact have not reached the person. Consider closing as
            “unable to contact”.
          </p>
        </Notice>
      ) : null}

      <WorkerCase {...loaderData} errorsFor={errorsFor} />

      {allowed.has("close") && episode && !episode.releasedAt ? (
        <section aria-labelledby="release-heading" className="card mt-6">
          <h2 id="release-heading" className="text-xl font-bold">
            Released from custody?
          </h2>
          <ErrorSummary errors={errorsFor("record-release")} />
          <Form method="post" className="mt-3 flex flex-wrap items-end gap-4">
            <TextField
              name="releasedAt"
              label="Release time"
              type="datetime-local"
              defaultValue={typed("record-release").releasedAt ?? nowLocal}
              error={errorsFor("record-release")?.releasedAt}
            />
            <SubmitButton name="intent" value="record-release" className="button-secondary">
              Record release
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      {allowed.has("record_contact_attempt") ? (
        <section aria-labelledby="attempt-heading" className="card mt-6">
          <h2 id="attempt-heading" className="text-xl font-bold">
            Record a contact attempt
          </h2>
          <ErrorSummary errors={errorsFor("contact-attempt")} />
          <Form method="post" className="mt-3 grid gap-4 sm:grid-cols-3">
            <TextField
              name="attemptedAt"
              label="When"
              type="datetime-local"
              defaultValue={typed("contact-attempt").attemptedAt ?? nowLocal}
              error={errorsFor("contact-attempt")?.attemptedAt}
            />
            <SelectField
              name="method"
              label="How"
              options={Object.entries(CONTACT_METHODS).map(([value, label]) => ({ value, label }))}
              defaultValue={typed("contact-attempt").method}
              error={errorsFor("contact-attempt")?.method}
            />
            <SelectField
              name="result"
              label="What happened"
              placeholder="Choose"
              options={Object.entries(CONTACT_RESULTS).map(([value, label]) => ({ value, label }))}
              defaultValue={typed("contact-attempt").result}
              error={errorsFor("contact-attempt")?.result}
            />
            <TextField
              name="note"
              label="Note (optional)"
              className="sm:col-span-3"
              defaultValue={typed("contact-attempt").note}
              error={errorsFor("contact-attempt")?.note}
            />
            <div>
              <SubmitButton name="intent" value="contact-attempt">
                Save attempt
              </SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="consent-heading" className="card mt-6">
        <h2 id="consent-heading" className="text-xl font-bold">
          Record a consent
        </h2>
        <ErrorSummary errors={errorsFor("record-consent")} />
        <Form method="post" className="mt-3 space-y-4">
          <ChoiceGroup
            name="scope"
            type="radio"
            legend="The person agrees"
            options={[
              { value: "contact_after_release", label: consentScopeLabels.contact_after_release },
              { value: "share_outcomes_with_custody", label: consentScopeLabels.share_outcomes_with_custody },
            ]}
            defaultValue={typed("record-consent").scope}
            error={errorsFor("record-consent")?.scope}
          />
          <TextField
            name="contactMethod"
            label="How they want to be contacted (for contact after release)"
            defaultValue={typed("record-consent").contactMethod}
            error={errorsFor("record-consent")?.contactMethod}
          />
          <HowTheyAgreed
            name="method"
            value={typed("record-consent").method}
            error={errorsFor("record-consent")?.method}
          />
          <SubmitButton name="intent" value="record-consent" className="button-secondary">
            Record consent
          </SubmitButton>
        </Form>
      </section>

      {allowed.has("close") ? (
        <section aria-labelledby="close-heading" className="card mt-6">
          <h2 id="close-heading" className="text-xl font-bold">
            Close this referral
          </h2>
          <ErrorSummary errors={errorsFor("close")} />
          <Form method="post" className="mt-3 grid gap-4 sm:grid-cols-2">
            <SelectField
              key={suggestUnableToContact ? "suggested" : "free"}
              name="closureReason"
              label="Reason"
              placeholder="Choose a reason"
              defaultValue={typed("close").closureReason ?? (suggestUnableToContact ? "unable_to_contact" : undefined)}
              options={WORKER_CLOSURE_REASONS.map((value) => ({ value, label: CLOSURE_REASONS[value] }))}
              error={errorsFor("close")?.closureReason}
            />
            <TextField
              name="closureNote"
              label="Note (optional)"
              defaultValue={typed("close").closureNote}
              error={errorsFor("close")?.closureNote}
            />
            <div>
              <SubmitButton name="intent" value="close" className="button-danger">
                Close referral
              </SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}
      {allowed.has("reopen") ? (
        <section aria-labelledby="reopen-heading" className="card mt-6">
          <h2 id="reopen-heading" className="text-xl font-bold">
            Reopen this referral
          </h2>
          <p className="mt-1">
            Closed: {CLOSURE_REASONS[referral.closureReason as ClosureReason] ?? referral.closureReason}.
          </p>
          <ErrorSummary errors={errorsFor("reopen")} />
          <Form method="post" className="mt-3 flex flex-wrap items-end gap-4">
            <TextField
              name="reopenReason"
              label="Why reopen it?"
              defaultValue={typed("reopen").reopenReason}
              error={errorsFor("reopen")?.reopenReason}
            />
            <SubmitButton name="intent" value="reopen" className="button-secondary">
              Reopen
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="changes-heading" className="card mt-6">
        <h2 id="changes-heading" className="text-xl font-bold">
          What happened to this referral
        </h2>
        <ol className="mt-2 space-y-1">
          {loaderData.stateChanges.map((c) => (
            <li key={c.id}>
              {formatDateTime(c.at)}: {referralStateLabel(c.toState, loaderData.source)} — {c.actorName}
              {c.reason ? ` (${c.reason})` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
