// The consent an officer reads out before a referral, at the custody desk or on patrol: the
// wording read (its version goes with the form), the tick that the person agreed, and how they
// agreed. What else the person agrees to (a phone number, sharing outcomes) goes in `children`.
import { useState, type ReactNode } from "react";
import { IN_PERSON_CONSENT_METHODS, consentMethodLabels } from "~/domain/consents";
import { ChoiceGroup, TextField, fieldId, type FieldErrors, type FormValues } from "./forms";
import { useIsHydrated } from "./use-is-hydrated";

export function ConsentToRefer(props: {
  heading: string;
  headingLevel: 2 | 3;
  intro: ReactNode;
  wording: { id: string; text: string };
  agreedLabel: string;
  values: FormValues;
  errors: FieldErrors;
  children?: ReactNode;
}) {
  const { heading, headingLevel, intro, wording, agreedLabel, values, errors, children } = props;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const id = fieldId("consentConfirmed");
  return (
    <section aria-labelledby="consent-heading" className="rounded-md border-2 border-brand-700 bg-brand-50 p-4">
      <Heading id="consent-heading" className="text-lg font-bold">
        {heading}
      </Heading>
      <p className="mt-1 text-sm text-slate-700">{intro}</p>
      <blockquote className="mt-2 border-l-4 border-brand-700 bg-white p-3">{wording.text}</blockquote>
      <input type="hidden" name="consentWordingId" value={wording.id} />
      <div className="mt-3">
        {errors.consentConfirmed ? (
          <p id={`${id}-error`} className="font-semibold text-red-800">
            <span className="sr-only">Error: </span>
            {errors.consentConfirmed}
          </p>
        ) : null}
        <label className="flex items-start gap-3 font-semibold">
          <input
            id={id}
            type="checkbox"
            name="consentConfirmed"
            value="yes"
            defaultChecked={values.consentConfirmed === "yes"}
            aria-invalid={errors.consentConfirmed ? true : undefined}
            aria-describedby={errors.consentConfirmed ? `${id}-error` : undefined}
            className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
          />
          {agreedLabel}
        </label>
      </div>
      <HowTheyAgreed className="mt-3" value={values.consentMethod} error={errors.consentMethod} />
      {children}
    </section>
  );
}

/** "How they agreed", wherever a person's agreement is recorded in person: verbally or signed. */
export function HowTheyAgreed(props: { name?: string; value?: unknown; error?: string; className?: string }) {
  const { name = "consentMethod", value, error, className } = props;
  return (
    <ChoiceGroup
      className={className}
      name={name}
      type="radio"
      inline
      legend="How they agreed"
      options={IN_PERSON_CONSENT_METHODS.map((method) => ({ value: method, label: consentMethodLabels[method] }))}
      defaultValue={typeof value === "string" ? value : "verbal"}
      error={error}
    />
  );
}

/**
 * A tick that the person agrees to be phoned, and the number: revealed by the tick once the page
 * runs, always there without JavaScript or when the number was wrong.
 */
export function PhoneIfAgreed(props: {
  name: string;
  label: string;
  phoneLabel: string;
  values: FormValues;
  error?: string;
}) {
  const { name, label, phoneLabel, values, error } = props;
  const [agrees, setAgrees] = useState(values[name] === "yes");
  const isHydrated = useIsHydrated();
  return (
    <>
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          name={name}
          value="yes"
          checked={agrees}
          onChange={(event) => setAgrees(event.target.checked)}
          className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
        />
        <span>{label}</span>
      </label>
      {agrees || !isHydrated || error ? (
        <TextField
          name="phone"
          label={phoneLabel}
          type="tel"
          autoComplete="off"
          defaultValue={typeof values.phone === "string" ? values.phone : undefined}
          error={error}
          inputClassName="sm:max-w-xs"
        />
      ) : null}
    </>
  );
}
