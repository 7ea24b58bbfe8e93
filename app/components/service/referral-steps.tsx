// The service's referral page: one panel per step a service takes (accept, book, record
// attendance…). Each panel is a form of its own, posting "<step>.<field>" names and the version
// of the referral it was drawn from.
import { Form } from "@remix-run/react";
import {
  ChoiceGroup,
  ErrorSummary,
  SubmitButton,
  TextField,
  type FieldErrors,
  type FormValues,
} from "~/components/forms";
import { DECLINE_REASONS, END_REASONS, ENGAGEMENT_LEVELS, type ServiceStep } from "~/domain/onward-referral-states";
import { serviceFieldLabels, serviceStepLabels, stepFieldName } from "~/domain/service-referral-form";
import { formatDateTime } from "~/utils/dates";
import type { ReactNode } from "react";

/** What every panel needs: the referral's version, today, and what the last failed save sent back. */
export type StepContext = {
  version: number;
  today: string;
  serviceAddress: string;
  firstAppointmentAt: string | null;
  /** The step whose save failed, its messages and what was typed. */
  failed: { step: ServiceStep; errors: FieldErrors; values: FormValues } | null;
};

function useStep(step: ServiceStep, context: StepContext) {
  const failed = context.failed?.step === step ? context.failed : null;
  const field = (name: string) => {
    const key = stepFieldName(step, name);
    return { name: key, defaultValue: failed?.values[key], error: failed?.errors[key] };
  };
  const labels = Object.fromEntries(Object.entries(serviceFieldLabels).map(([k, v]) => [stepFieldName(step, k), v]));
  return { field, errors: failed?.errors, labels };
}

function StepPanel({
  step,
  context,
  title,
  submit,
  pendingText,
  buttonClass,
  children,
}: {
  step: ServiceStep;
  context: StepContext;
  title?: string;
  submit: string;
  pendingText: string;
  buttonClass?: string;
  children: ReactNode;
}) {
  const { errors, labels } = useStep(step, context);
  return (
    <section aria-labelledby={`${step}-heading`} className="card">
      <h3 id={`${step}-heading`} className="text-lg font-bold">
        {title ?? serviceStepLabels[step]}
      </h3>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="mt-3 space-y-4">
        <input type="hidden" name="intent" value={step} />
        <input type="hidden" name="version" value={context.version} />
        {children}
        <SubmitButton name="intent" value={step} className={buttonClass} pendingText={pendingText}>
          {submit}
        </SubmitButton>
      </Form>
    </section>
  );
}

function DateField({ step, context, label }: { step: ServiceStep; context: StepContext; label: string }) {
  const { field } = useStep(step, context);
  const props = field("occurredOn");
  return (
    <TextField
      {...props}
      label={label}
      type="date"
      max={context.today}
      defaultValue={props.defaultValue ?? context.today}
    />
  );
}

const options = (values: Record<string, string>) => Object.entries(values).map(([value, label]) => ({ value, label }));

function AcceptPanel({ context }: { context: StepContext }) {
  return (
    <StepPanel step="accept" context={context} submit="Accept referral" pendingText="Accepting…">
      <DateField step="accept" context={context} label="Date accepted" />
    </StepPanel>
  );
}

function DeclinePanel({ context }: { context: StepContext }) {
  const { field } = useStep("decline", context);
  return (
    <StepPanel
      step="decline"
      context={context}
      submit="Decline referral"
      pendingText="Declining…"
      buttonClass="button-danger"
    >
      <ChoiceGroup
        {...field("reason")}
        legend="Why can you not take it?"
        type="radio"
        options={options(DECLINE_REASONS)}
      />
      <TextField {...field("reasonText")} label="Details" hint="Needed when the reason is other." multiline rows={2} />
      <DateField step="decline" context={context} label="Date declined" />
    </StepPanel>
  );
}

function BookPanel({ context }: { context: StepContext }) {
  const { field } = useStep("book", context);
  const place = field("place");
  return (
    <StepPanel
      step="book"
      context={context}
      title={context.firstAppointmentAt ? "Book an appointment" : "Book the first appointment"}
      submit="Book appointment"
      pendingText="Booking…"
    >
      {context.firstAppointmentAt ? (
        <p className="text-sm text-slate-700">First appointment: {formatDateTime(context.firstAppointmentAt)}</p>
      ) : null}
      <TextField {...field("appointmentAt")} label="Appointment date and time" type="datetime-local" />
      <TextField
        {...place}
        label="Place"
        hint="Where the person should go, or how you will meet."
        defaultValue={place.defaultValue ?? context.serviceAddress}
      />
    </StepPanel>
  );
}

function AttendancePanel({ context }: { context: StepContext }) {
  const { field } = useStep("attendance", context);
  return (
    <StepPanel step="attendance" context={context} submit="Record attendance" pendingText="Saving…">
      <ChoiceGroup
        {...field("attendance")}
        legend="Did the person come?"
        type="radio"
        inline
        options={[
          { value: "attended", label: "Attended" },
          { value: "did_not_attend", label: "Did not attend" },
        ]}
      />
      <DateField step="attendance" context={context} label="Date of the appointment" />
      <fieldset className="rounded-md border border-slate-300 p-3">
        <legend className="px-1 font-semibold">Did not attend? Book again (optional)</legend>
        <div className="space-y-3">
          <TextField {...field("rebookAt")} label="New appointment date and time" type="datetime-local" />
          <TextField {...field("rebookPlace")} label="New appointment place" />
        </div>
      </fieldset>
    </StepPanel>
  );
}

function EngagementPanel({ context }: { context: StepContext }) {
  const { field } = useStep("engagement", context);
  return (
    <StepPanel step="engagement" context={context} submit="Record engagement" pendingText="Saving…">
      <ChoiceGroup
        {...field("check")}
        legend="Which check?"
        type="radio"
        inline
        options={[
          { value: "engagement_check_4_weeks", label: "At 4 weeks" },
          { value: "engagement_check_12_weeks", label: "At 12 weeks" },
        ]}
      />
      <ChoiceGroup
        {...field("engagement")}
        legend="Is the person still engaged?"
        type="radio"
        options={options(ENGAGEMENT_LEVELS)}
      />
      <DateField step="engagement" context={context} label="Date of the check" />
      <TextField {...field("note")} label="Note (optional)" multiline rows={2} />
    </StepPanel>
  );
}

function HoldPanel({ context }: { context: StepContext }) {
  const { field } = useStep("hold", context);
  return (
    <StepPanel step="hold" context={context} submit="Put on hold" pendingText="Saving…" buttonClass="button-secondary">
      <TextField
        {...field("reasonText")}
        label="Why (optional)"
        hint="For example: in hospital, in custody on remand."
      />
      <DateField step="hold" context={context} label="Date paused" />
    </StepPanel>
  );
}

function ResumePanel({ context }: { context: StepContext }) {
  return (
    <StepPanel step="resume" context={context} submit="Resume" pendingText="Saving…">
      <DateField step="resume" context={context} label="Date resumed" />
    </StepPanel>
  );
}

function EndPanel({ context }: { context: StepContext }) {
  const { field } = useStep("end", context);
  return (
    <StepPanel step="end" context={context} submit="End referral" pendingText="Saving…" buttonClass="button-secondary">
      <ChoiceGroup {...field("endReason")} legend="How did it end?" type="radio" options={options(END_REASONS)} />
      <DateField step="end" context={context} label="Date ended" />
      <TextField {...field("note")} label="Note (optional)" multiline rows={2} />
    </StepPanel>
  );
}

const panels: Record<ServiceStep, (props: { context: StepContext }) => JSX.Element> = {
  accept: AcceptPanel,
  decline: DeclinePanel,
  book: BookPanel,
  attendance: AttendancePanel,
  engagement: EngagementPanel,
  hold: HoldPanel,
  resume: ResumePanel,
  end: EndPanel,
};

/**
 * The next expected step(s) under "Next step", the rest folded under "Other updates" (opened
 * when a save from one of them failed, so its messages show).
 */
export function ServiceSteps({
  next,
  other,
  context,
}: {
  next: ServiceStep[];
  other: ServiceStep[];
  context: StepContext;
}) {
  if (!next.length && !other.length) {
    return (
      <section aria-labelledby="closed-heading" className="card">
        <h2 id="closed-heading" className="text-xl font-bold">
          Closed
        </h2>
        <p className="mt-2">This referral is closed: nothing more can be recorded.</p>
      </section>
    );
  }
  const otherFailed = context.failed ? other.includes(context.failed.step) : false;
  return (
    <>
      {next.length ? (
        <section
          aria-labelledby="next-step-heading"
          className="space-y-4 rounded-md border-l-8 border-brand-700 bg-white p-4"
        >
          <h2 id="next-step-heading" className="text-xl font-bold">
            Next step
          </h2>
          {next.map((step) => {
            const Panel = panels[step];
            return <Panel key={step} context={context} />;
          })}
        </section>
      ) : null}
      {other.length ? (
        <details className="card" open={otherFailed || !next.length}>
          <summary className="cursor-pointer text-lg font-bold">Other updates</summary>
          <p className="mt-1 text-sm text-slate-700">{other.map((s) => serviceStepLabels[s]).join(" · ")}</p>
          <div className="mt-4 space-y-4">
            {other.map((step) => {
              const Panel = panels[step];
              return <Panel key={step} context={context} />;
            })}
          </div>
        </details>
      ) : null}
    </>
  );
}
