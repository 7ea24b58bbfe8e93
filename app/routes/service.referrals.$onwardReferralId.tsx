import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  ONWARD_REFERRAL_STATUSES,
  OUTCOME_EVENT_KINDS,
  type OnwardReferralStatus,
  type OutcomeEventKind,
} from "#db/schema";
import { ErrorSummary } from "~/components/forms";
import { OnwardStatusBadge, OverdueBadge } from "~/components/onward-referral-status";
import { Notice, PageHeader } from "~/components/page";
import { ServiceSteps } from "~/components/service/referral-steps";
import { SharedAssessment } from "~/components/service/shared-assessment";
import { recordPersonViewed } from "~/domain/audit.server";
import { needLabels } from "~/domain/custody";
import { DomainError } from "~/domain/errors";
import { findOnwardReferralForService, serviceReferralView } from "~/domain/inbox.server";
import {
  describeOutcomeEvent,
  outcomeEventLabels,
  serviceSteps,
  statusReasonLabels,
} from "~/domain/onward-referral-states";
import { reportOutcomes } from "~/domain/outcomes.server";
import { referralHolders } from "~/domain/referrals.server";
import {
  describeSave,
  eventsFromServiceForm,
  isServiceStep,
  serviceStepLabels,
  stepFieldName,
} from "~/domain/service-referral-form";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { ukDateOf } from "~/utils/dates";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formValues, type FieldErrors } from "~/utils/forms";
import type { ReactNode } from "react";

export const meta: MetaFunction = () => [{ title: "Onward referral · Pathway" }];

async function requireOnwardReferral(args: LoaderFunctionArgs) {
  await requirePermission(args, "service-inbox:use");
  const db = getDb();
  const found = findOnwardReferralForService(db, args.params.onwardReferralId ?? "");
  invariantResponse(found, "Not found", { status: 404 });
  const signedIn = await requirePermission(args, "onward-referral:respond", {
    type: "onwardReferral",
    serviceId: found.onward.serviceId,
    ...referralHolders(found),
  });
  return { signedIn, onward: found.onward };
}

export async function loader(args: LoaderFunctionArgs) {
  const { signedIn, onward } = await requireOnwardReferral(args);
  const db = getDb();
  recordPersonViewed(db, signedIn.audit, onward.personId, { via: "onward-referral", recordId: onward.id });
  const view = serviceReferralView(db, onward);
  const steps = serviceSteps({
    status: onward.status,
    firstAppointmentAt: onward.firstAppointmentAt,
    recorded: view.log.map((e) => e.kind),
  });
  return { ...view, steps, today: ukDateOf(new Date()) };
}

export async function action(args: ActionFunctionArgs) {
  const { signedIn, onward } = await requireOnwardReferral(args);
  const values = formValues(await args.request.formData());
  // The hidden field and the pressed button both say which form this is.
  const submitted = Array.isArray(values.intent) ? values.intent[0] : values.intent;
  if (!isServiceStep(submitted))
    return data({ intent: null, errors: { form: "Choose what to record." } as FieldErrors, values }, { status: 400 });
  const step = submitted;

  const parsed = eventsFromServiceForm(step, values, ukDateOf(new Date()));
  if (!parsed.ok) return data({ intent: step, errors: parsed.errors, values }, { status: 400 });

  const expectedVersion = Number(values.version);
  try {
    reportOutcomes(getDb(), signedIn.audit, onward.id, parsed.events, {
      source: "web",
      expectedVersion: Number.isInteger(expectedVersion) ? expectedVersion : undefined,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = error.field && error.field !== "form" ? stepFieldName(step, error.field) : "form";
    return data(
      { intent: step, errors: { [field]: error.message } as FieldErrors, values },
      { status: error.status === 404 ? 404 : 409 },
    );
  }
  const saved = new URLSearchParams({ saved: parsed.events.map((e) => e.kind).join(","), from: onward.status });
  throw redirect(`/service/referrals/${onward.id}?${saved}`);
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`} className="text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

const isEventKind = (k: string): k is OutcomeEventKind => (OUTCOME_EVENT_KINDS as readonly string[]).includes(k);
const isStatus = (k: string | null): k is OnwardReferralStatus =>
  k !== null && (ONWARD_REFERRAL_STATUSES as readonly string[]).includes(k);

export default function ServiceReferral() {
  const {
    onwardReferral: o,
    service,
    referrer,
    person,
    shared,
    log,
    overdue,
    steps,
    today,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const savedKinds = (searchParams.get("saved") ?? "").split(",").filter(isEventKind);
  const savedFrom = searchParams.get("from");
  const generalError = actionData && !actionData.intent ? actionData.errors : undefined;
  const failedStep = actionData?.intent
    ? { step: actionData.intent, errors: actionData.errors, values: actionData.values }
    : null;

  return (
    <>
      <p className="mb-2">
        <Link to="/service/inbox">Back to the inbox</Link>
      </p>
      <PageHeader
        title={`${needLabels[o.needDomain]} referral`}
        lead={`${service.name} · received ${formatDateTime(o.createdAt)}`}
        actions={
          <span className="flex flex-wrap items-center gap-2">
            {o.priority === "urgent" ? (
              <span className="badge bg-red-100 text-red-900">Urgent</span>
            ) : (
              <span className="badge bg-slate-100 text-slate-900">Routine</span>
            )}
            <OnwardStatusBadge status={o.status} />
            <OverdueBadge overdue={overdue} />
          </span>
        }
      />
      {savedKinds.length && !actionData ? (
        <Notice tone="success">
          <p className="font-semibold">{describeSave(savedKinds, isStatus(savedFrom) ? savedFrom : null, o.status)}</p>
          {steps.next.length ? (
            <p className="mt-1">Next: {steps.next.map((s) => serviceStepLabels[s].toLowerCase()).join(" or ")}.</p>
          ) : null}
        </Notice>
      ) : null}
      {overdue ? (
        <Notice tone="warning">
          {overdue.reason === "acknowledgement"
            ? `Please accept or decline: an answer was due by ${formatDateTime(overdue.dueAt)}.`
            : `Feedback is overdue: nothing has been recorded since ${formatDate(overdue.lastFeedbackAt)}.`}
        </Notice>
      ) : null}
      <ErrorSummary errors={generalError} />
      {steps.next.length ? (
        // On a phone the forms come after the person's details: say at the top what is expected.
        <p className="mb-4 lg:hidden">
          <span className="font-semibold">Next step: </span>
          <a href="#next-step-heading">{steps.next.map((s) => serviceStepLabels[s].toLowerCase()).join(" or ")}</a>
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <Panel id="person" title="The person">
            {person ? (
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
                <dt className="font-semibold">Name</dt>
                <dd>
                  {person.givenName} {person.familyName}
                </dd>
                <dt className="font-semibold">Date of birth</dt>
                <dd>{formatDate(person.dateOfBirth)}</dd>
                <dt className="font-semibold">Phone</dt>
                <dd>
                  {person.phone ? (
                    <a href={`tel:${person.phone.replace(/\s+/g, "")}`}>{person.phone}</a>
                  ) : (
                    "Not shared: contact them through the referring worker"
                  )}
                </dd>
              </dl>
            ) : (
              <p className="mt-2">
                The person has not agreed, or no longer agrees, to share their details with this service. Contact the
                referring worker.
              </p>
            )}
            <p className="mt-3 text-sm text-slate-700">
              Pathway reference <span className="font-mono">{o.id}</span> (use it in an outcomes spreadsheet).
            </p>
          </Panel>

          <Panel id="referrer" title="From the referring worker">
            {referrer ? (
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
                <dt className="font-semibold">Worker</dt>
                <dd>
                  {referrer.name}, {referrer.organisationName}
                </dd>
                <dt className="font-semibold">Contact</dt>
                <dd className="break-words">
                  <a href={`mailto:${referrer.email}`}>{referrer.email}</a>
                  {referrer.phone || referrer.organisationPhone
                    ? ` · ${referrer.phone || referrer.organisationPhone}`
                    : ""}
                </dd>
                <dt className="font-semibold">Note</dt>
                <dd className="whitespace-pre-line">{o.note || "No note"}</dd>
              </dl>
            ) : null}
          </Panel>

          <Panel id="shared" title="What the person agreed to share">
            {!shared.hasConsent ? (
              <p className="mt-2">Nothing is shared with this service.</p>
            ) : shared.sections ? (
              <>
                {shared.completedAt ? (
                  <p className="mt-1 text-sm text-slate-700">
                    From the needs assessment completed {formatDate(shared.completedAt)}.
                  </p>
                ) : null}
                <SharedAssessment sections={shared.sections} />
              </>
            ) : (
              <p className="mt-2">The needs assessment has not been completed yet.</p>
            )}
          </Panel>

          <Panel id="log" title="Outcome log">
            {log.length ? (
              <ol className="mt-3 space-y-3">
                {log.map((e) => (
                  <li key={e.id} className="border-l-4 border-brand-700 pl-3">
                    <p className="font-semibold">
                      {outcomeEventLabels[e.kind]}
                      {describeOutcomeEvent(e.kind, e.detail) ? `: ${describeOutcomeEvent(e.kind, e.detail)}` : ""}
                    </p>
                    <p className="text-sm text-slate-700">
                      {formatDate(e.occurredOn)} · reported by {e.reportedBy} at {formatDateTime(e.recordedAt)}
                      {e.source === "csv" ? " (spreadsheet upload)" : e.source === "api" ? " (API)" : ""}
                    </p>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-2 text-slate-700">Nothing recorded yet.</p>
            )}
            {o.statusReason || o.statusReasonText ? (
              <p className="mt-3">
                <span className="font-semibold">Reason: </span>
                {[o.statusReason ? statusReasonLabels[o.statusReason] : null, o.statusReasonText]
                  .filter(Boolean)
                  .join(": ")}
              </p>
            ) : null}
          </Panel>
        </div>

        {/* Keyed by version: after each save the forms start empty again. */}
        <div key={o.version} className="space-y-6 lg:col-span-2">
          <ServiceSteps
            next={steps.next}
            other={steps.other}
            context={{
              version: o.version,
              today,
              serviceAddress: service.address,
              firstAppointmentAt: o.firstAppointmentAt,
              failed: failedStep,
            }}
          />
        </div>
      </div>
    </>
  );
}
