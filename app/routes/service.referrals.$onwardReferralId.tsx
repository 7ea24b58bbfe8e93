import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { ChoiceGroup, ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { OnwardStatusBadge, OverdueBadge } from "~/components/onward-referral-status";
import { Notice, PageHeader } from "~/components/page";
import { SharedAssessment } from "~/components/service/shared-assessment";
import { recordPersonViewed } from "~/domain/audit.server";
import { needLabels } from "~/domain/custody";
import { DomainError } from "~/domain/errors";
import { findOnwardReferralForService, serviceReferralView } from "~/domain/inbox.server";
import {
  DECLINE_REASONS,
  END_REASONS,
  ENGAGEMENT_LEVELS,
  describeOutcomeEvent,
  eventsAllowedFrom,
  outcomeEventLabels,
  outcomeEventSchema,
  statusReasonLabels,
  type OutcomeEventInput,
} from "~/domain/onward-referral-states";
import { reportOutcomes } from "~/domain/outcomes.server";
import { ukDateOf } from "~/domain/overdue";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime, ukLocalToIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { errorsFromZod, formValues, type FieldErrors, type FormValues } from "~/utils/forms";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Onward referral · Pathway" }];

async function requireOnwardReferral(args: LoaderFunctionArgs) {
  await requirePermission(args, "service-inbox:use");
  const db = getDb();
  const found = findOnwardReferralForService(db, args.params.onwardReferralId ?? "");
  invariantResponse(found, "Not found", { status: 404 });
  const signedIn = await requirePermission(args, "onward-referral:respond", {
    type: "onwardReferral",
    serviceId: found.onward.serviceId,
    custodyCentreId: found.custodyCentreId,
  });
  return { signedIn, onward: found.onward };
}

export async function loader(args: LoaderFunctionArgs) {
  const { signedIn, onward } = await requireOnwardReferral(args);
  const db = getDb();
  recordPersonViewed(db, signedIn.audit, onward.personId, { via: "onward-referral", recordId: onward.id });
  const view = serviceReferralView(db, onward);
  return { ...view, allowed: eventsAllowedFrom(onward.status), today: ukDateOf(new Date()) };
}

const INTENTS = ["accept", "decline", "book", "attendance", "engagement", "hold", "resume", "end"] as const;
type Intent = (typeof INTENTS)[number];

/** Turns one form's fields into the event(s) it records; a missed appointment may carry its re-booking. */
function eventsFromForm(intent: Intent, v: FormValues, today: string): { events: unknown[]; fieldFor: (path: string, index: number) => string } {
  // Each form's fields are named "<intent>.<field>" so that ids stay unique on the page.
  const text = (name: string) => (typeof v[`${intent}.${name}`] === "string" ? (v[`${intent}.${name}`] as string) : undefined);
  const time = (name: string) => (text(name) ? (ukLocalToIso(text(name)!) ?? "not a time") : undefined);
  const plain = (path: string) => path;
  switch (intent) {
    case "accept":
      return { events: [{ kind: "accepted", occurredOn: text("occurredOn") }], fieldFor: plain };
    case "decline":
      return { events: [{ kind: "declined", occurredOn: text("occurredOn"), reason: text("reason"), reasonText: text("reasonText") }], fieldFor: plain };
    case "book":
      return { events: [{ kind: "appointment_booked", occurredOn: today, appointmentAt: time("appointmentAt"), place: text("place") }], fieldFor: plain };
    case "attendance": {
      const events: unknown[] = [{ kind: text("attendance"), occurredOn: text("occurredOn"), note: text("note") }];
      if (text("attendance") === "did_not_attend" && (text("rebookAt") || text("rebookPlace"))) {
        events.push({ kind: "appointment_booked", occurredOn: today, appointmentAt: time("rebookAt"), place: text("rebookPlace") });
      }
      return {
        events,
        fieldFor: (path, index) => (index === 1 ? { appointmentAt: "rebookAt", place: "rebookPlace" }[path] ?? path : path === "kind" ? "attendance" : path),
      };
    }
    case "engagement":
      return {
        events: [{ kind: text("check"), occurredOn: text("occurredOn"), engagement: text("engagement"), note: text("note") }],
        fieldFor: (path) => (path === "kind" ? "check" : path),
      };
    case "hold":
      return { events: [{ kind: "on_hold", occurredOn: text("occurredOn"), reasonText: text("reasonText") }], fieldFor: plain };
    case "resume":
      return { events: [{ kind: "resumed", occurredOn: text("occurredOn") }], fieldFor: plain };
    case "end":
      return { events: [{ kind: "ended", occurredOn: text("occurredOn"), endReason: text("endReason"), note: text("note") }], fieldFor: plain };
  }
}

export async function action(args: ActionFunctionArgs) {
  const { signedIn, onward } = await requireOnwardReferral(args);
  const formData = await args.request.formData();
  const values = formValues(formData);
  // The hidden field and the pressed button both say which form this is.
  const submitted = Array.isArray(values.intent) ? values.intent[0] : values.intent;
  const intent = INTENTS.find((i) => i === submitted);
  if (!intent) return data({ intent: null, errors: { form: "Choose what to record." } as FieldErrors, values }, { status: 400 });

  const { events, fieldFor } = eventsFromForm(intent, values, ukDateOf(new Date()));
  const errors: FieldErrors = {};
  const parsed: OutcomeEventInput[] = [];
  events.forEach((event, index) => {
    const result = outcomeEventSchema.safeParse(event);
    if (result.success) parsed.push(result.data);
    else for (const [path, message] of Object.entries(errorsFromZod(result.error))) errors[`${intent}.${fieldFor(path, index)}`] ??= message;
  });
  if (Object.keys(errors).length) return data({ intent, errors, values }, { status: 400 });

  const expectedVersion = Number(values.version);
  try {
    reportOutcomes(getDb(), signedIn.audit, onward.id, parsed, {
      source: "web",
      expectedVersion: Number.isInteger(expectedVersion) ? expectedVersion : undefined,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = error.field === "form" ? "form" : `${intent}.${error.field}`;
    return data({ intent, errors: { [field]: error.message } as FieldErrors, values }, { status: error.status === 404 ? 404 : 409 });
  }
  throw redirect(`/service/referrals/${onward.id}?saved=${parsed.map((e) => e.kind).join(",")}`);
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

const labels: Record<string, string> = {
  occurredOn: "Date",
  reason: "Reason",
  reasonText: "Details",
  appointmentAt: "Appointment date and time",
  place: "Place",
  attendance: "Attendance",
  rebookAt: "New appointment date and time",
  rebookPlace: "New appointment place",
  check: "Which check",
  engagement: "Engagement",
  endReason: "How it ended",
  note: "Note",
};

export default function ServiceReferral() {
  const { onwardReferral: o, service, referrer, person, shared, log, overdue, allowed, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const errorsFor = (intent: Intent) => (actionData?.intent === intent ? actionData.errors : undefined);
  // Field props for one form: prefixed name, what was typed, and its message.
  const field = (intent: Intent, name: string) => {
    const key = `${intent}.${name}`;
    const value = actionData?.intent === intent ? actionData.values[key] : undefined;
    return { name: key, defaultValue: value, error: errorsFor(intent)?.[key] };
  };
  const labelsFor = (intent: Intent) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [`${intent}.${k}`, v]));
  const generalError = actionData && !actionData.intent ? actionData.errors : undefined;
  const can = (kind: (typeof allowed)[number]) => allowed.includes(kind);

  const dateField = (intent: Intent, label: string) => (
    <TextField {...field(intent, "occurredOn")} label={label} type="date" max={today} defaultValue={field(intent, "occurredOn").defaultValue ?? today} />
  );
  const hidden = (intent: Intent) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={o.version} />
    </>
  );

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
            {o.priority === "urgent" ? <span className="badge bg-red-100 text-red-900">Urgent</span> : <span className="badge bg-slate-100 text-slate-900">Routine</span>}
            <OnwardStatusBadge status={o.status} />
            <OverdueBadge overdue={overdue} />
          </span>
        }
      />
      {saved ? (
        <Notice tone="success">
          Saved: {saved
            .split(",")
            .map((k) => outcomeEventLabels[k as keyof typeof outcomeEventLabels] ?? k)
            .join(", ")
            .toLowerCase()}
          .
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
                <dd>{person.phone ? <a href={`tel:${person.phone.replace(/\s+/g, "")}`}>{person.phone}</a> : "Not shared: contact them through the referring worker"}</dd>
              </dl>
            ) : (
              <p className="mt-2">
                The person has not agreed, or no longer agrees, to share their details with this service. Contact the referring worker.
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
                  {referrer.phone || referrer.organisationPhone ? ` · ${referrer.phone || referrer.organisationPhone}` : ""}
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
                {shared.completedAt ? <p className="mt-1 text-sm text-slate-700">From the needs assessment completed {formatDate(shared.completedAt)}.</p> : null}
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
                {[o.statusReason ? statusReasonLabels[o.statusReason] : null, o.statusReasonText].filter(Boolean).join(": ")}
              </p>
            ) : null}
          </Panel>
        </div>

        {/* Keyed by version: after each save the forms start empty again. */}
        <div key={o.version} className="space-y-6 lg:col-span-2">
          {allowed.length === 0 ? (
            <Panel id="closed" title="Closed">
              <p className="mt-2">This referral is closed: nothing more can be recorded.</p>
            </Panel>
          ) : null}

          {can("accepted") ? (
            <Panel id="accept" title="Accept">
              <ErrorSummary errors={errorsFor("accept")} labels={labelsFor("accept")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("accept")}
                {dateField("accept", "Date accepted")}
                <SubmitButton name="intent" value="accept" pendingText="Accepting…">
                  Accept referral
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("declined") ? (
            <Panel id="decline" title="Decline">
              <ErrorSummary errors={errorsFor("decline")} labels={labelsFor("decline")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("decline")}
                <ChoiceGroup
                  {...field("decline", "reason")}
                  legend="Why can you not take it?"
                  type="radio"
                  options={Object.entries(DECLINE_REASONS).map(([value, label]) => ({ value, label }))}
                />
                <TextField {...field("decline", "reasonText")} label="Details" hint="Needed when the reason is other." multiline rows={2} />
                {dateField("decline", "Date declined")}
                <SubmitButton name="intent" value="decline" className="button-danger" pendingText="Declining…">
                  Decline referral
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("appointment_booked") ? (
            <Panel id="book" title={o.firstAppointmentAt ? "Book an appointment" : "Book the first appointment"}>
              {o.firstAppointmentAt ? <p className="mt-1 text-sm text-slate-700">First appointment: {formatDateTime(o.firstAppointmentAt)}</p> : null}
              <ErrorSummary errors={errorsFor("book")} labels={labelsFor("book")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("book")}
                <TextField {...field("book", "appointmentAt")} label="Appointment date and time" type="datetime-local" />
                <TextField {...field("book", "place")} label="Place" hint="Where the person should go, or how you will meet." defaultValue={field("book", "place").defaultValue ?? service.address} />
                <SubmitButton name="intent" value="book" pendingText="Booking…">
                  Book appointment
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("attended") || can("did_not_attend") ? (
            <Panel id="attendance" title="Attendance">
              <ErrorSummary errors={errorsFor("attendance")} labels={labelsFor("attendance")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("attendance")}
                <ChoiceGroup
                  {...field("attendance", "attendance")}
                  legend="Did the person come?"
                  type="radio"
                  inline
                  options={[
                    { value: "attended", label: "Attended" },
                    { value: "did_not_attend", label: "Did not attend" },
                  ]}
                />
                {dateField("attendance", "Date of the appointment")}
                <fieldset className="rounded-md border border-slate-300 p-3">
                  <legend className="px-1 font-semibold">Did not attend? Book again (optional)</legend>
                  <div className="space-y-3">
                    <TextField {...field("attendance", "rebookAt")} label="New appointment date and time" type="datetime-local" />
                    <TextField {...field("attendance", "rebookPlace")} label="New appointment place" />
                  </div>
                </fieldset>
                <SubmitButton name="intent" value="attendance" pendingText="Saving…">
                  Record attendance
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("engagement_check_4_weeks") ? (
            <Panel id="engagement" title="Engagement check">
              <ErrorSummary errors={errorsFor("engagement")} labels={labelsFor("engagement")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("engagement")}
                <ChoiceGroup
                  {...field("engagement", "check")}
                  legend="Which check?"
                  type="radio"
                  inline
                  options={[
                    { value: "engagement_check_4_weeks", label: "At 4 weeks" },
                    { value: "engagement_check_12_weeks", label: "At 12 weeks" },
                  ]}
                />
                <ChoiceGroup
                  {...field("engagement", "engagement")}
                  legend="Is the person still engaged?"
                  type="radio"
                  options={Object.entries(ENGAGEMENT_LEVELS).map(([value, label]) => ({ value, label }))}
                />
                {dateField("engagement", "Date of the check")}
                <TextField {...field("engagement", "note")} label="Note (optional)" multiline rows={2} />
                <SubmitButton name="intent" value="engagement" pendingText="Saving…">
                  Record engagement
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("on_hold") ? (
            <Panel id="hold" title="Put on hold">
              <ErrorSummary errors={errorsFor("hold")} labels={labelsFor("hold")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("hold")}
                <TextField {...field("hold", "reasonText")} label="Why (optional)" hint="For example: in hospital, in custody on remand." />
                {dateField("hold", "Date paused")}
                <SubmitButton name="intent" value="hold" className="button-secondary" pendingText="Saving…">
                  Put on hold
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("resumed") ? (
            <Panel id="resume" title="Resume">
              <ErrorSummary errors={errorsFor("resume")} labels={labelsFor("resume")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("resume")}
                {dateField("resume", "Date resumed")}
                <SubmitButton name="intent" value="resume" pendingText="Saving…">
                  Resume
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}

          {can("ended") ? (
            <Panel id="end" title="End">
              <ErrorSummary errors={errorsFor("end")} labels={labelsFor("end")} />
              <Form method="post" className="mt-3 space-y-4">
                {hidden("end")}
                <ChoiceGroup
                  {...field("end", "endReason")}
                  legend="How did it end?"
                  type="radio"
                  options={Object.entries(END_REASONS).map(([value, label]) => ({ value, label }))}
                />
                {dateField("end", "Date ended")}
                <TextField {...field("end", "note")} label="Note (optional)" multiline rows={2} />
                <SubmitButton name="intent" value="end" className="button-secondary" pendingText="Saving…">
                  End referral
                </SubmitButton>
              </Form>
            </Panel>
          ) : null}
        </div>
      </div>
    </>
  );
}
