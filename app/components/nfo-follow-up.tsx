// The near-fatal overdose behind a follow-up, as much as is shared before the person has agreed
// to anything (decision 029), with the two steps only an NFO follow-up has: recording that the
// person agreed to see a worker, and naming someone nobody could identify.
import { Form } from "@remix-run/react";
import { patientStateLabels, type NfoSummary } from "~/domain/naloxone";
import { formatDate, formatDateTime, formatDuration } from "~/utils/dates";
import { HowTheyAgreed } from "./consent-to-refer";
import { DateInput } from "./date-input";
import { ChoiceGroup, ErrorSummary, SubmitButton, TextField, type FieldErrors, type FormValues } from "./forms";

type Match = { personId: string; givenName: string; familyName: string; dateOfBirth: string };

export function NfoFollowUp(props: {
  nfo: NfoSummary;
  isAwaitingConsent: boolean;
  isUnidentified: boolean;
  canRecordConsent: boolean;
  consent: { errors?: FieldErrors; values: FormValues };
  identify: { errors?: FieldErrors; values: FormValues; matches?: Match[] };
}) {
  const { nfo, isAwaitingConsent, isUnidentified, canRecordConsent, consent, identify } = props;
  const value = (values: FormValues, name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  return (
    <section aria-labelledby="nfo-heading" className="card mb-6 border-l-4 border-red-700">
      <h2 id="nfo-heading" className="text-xl font-bold">
        <span className="mr-2 rounded bg-red-700 px-2 py-0.5 text-sm font-bold uppercase text-white">NFO</span>
        Near-fatal overdose follow-up
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="font-semibold">Naloxone given</dt>
        <dd>
          {formatDateTime(nfo.administeredAt)} ({formatDuration(nfo.administeredAt)} ago)
        </dd>
        <dt className="font-semibold">Where</dt>
        <dd>
          {nfo.place ? `${nfo.place} · ` : ""}
          {nfo.areaName}
        </dd>
        <dt className="font-semibold">When found</dt>
        <dd>{patientStateLabels[nfo.patientState].label}</dd>
        <dt className="font-semibold">Taken to hospital</dt>
        <dd>{nfo.takenToHospital ? "Yes" : "No"}</dd>
      </dl>
      {isAwaitingConsent ? (
        <p className="mt-3">
          The person has not agreed to anything yet. Try to reach them and record each attempt. Once they agree to see a
          worker, record it here: their consent governs everything after that.
        </p>
      ) : null}

      {isAwaitingConsent && canRecordConsent ? (
        <Form method="post" className="mt-4 space-y-3" aria-labelledby="nfo-consent-heading">
          <h3 id="nfo-consent-heading" className="text-lg font-bold">
            They agreed to see a worker
          </h3>
          <ErrorSummary errors={consent.errors} />
          <ChoiceGroup
            name="consentConfirmed"
            legend="Consent"
            type="checkbox"
            options={[
              {
                value: "on",
                label: "I explained what the service is and the person agreed to see a worker",
              },
            ]}
            error={consent.errors?.consentConfirmed}
          />
          <HowTheyAgreed value={value(consent.values, "consentMethod")} error={consent.errors?.consentMethod} />
          <SubmitButton name="intent" value="nfo-consent">
            Record their consent
          </SubmitButton>
        </Form>
      ) : null}

      {isUnidentified ? (
        <Form method="post" className="mt-6 space-y-3" aria-labelledby="nfo-identify-heading">
          <h3 id="nfo-identify-heading" className="text-lg font-bold">
            Who the person is
          </h3>
          <p>Nobody could say at the time. When you learn who it is, record it here.</p>
          <ErrorSummary errors={identify.errors} />
          <TextField
            name="givenName"
            label="Given name"
            defaultValue={value(identify.values, "givenName")}
            error={identify.errors?.givenName}
            autoComplete="off"
          />
          <TextField
            name="familyName"
            label="Family name"
            defaultValue={value(identify.values, "familyName")}
            error={identify.errors?.familyName}
            autoComplete="off"
          />
          <DateInput
            name="dateOfBirth"
            legend="Date of birth"
            error={identify.errors?.dateOfBirth}
            values={identify.values}
          />
          {identify.matches?.length || identify.errors?.personId || identify.errors?.newPersonReason ? (
            <div className="space-y-3 rounded-md border-l-4 border-brand-700 bg-brand-50 p-3">
              <ChoiceGroup
                name="personId"
                legend="Is this someone already known to Pathway?"
                hint="Choosing someone moves this follow-up to their record. An administrator can undo it."
                type="radio"
                options={[
                  ...(identify.matches ?? []).map((m) => ({
                    value: m.personId,
                    label: `${m.givenName} ${m.familyName}`,
                    hint: `Born ${formatDate(m.dateOfBirth)}`,
                  })),
                  { value: "new", label: "None of these: a different person" },
                ]}
                defaultValue={value(identify.values, "personId")}
                error={identify.errors?.personId}
              />
              <TextField
                name="newPersonReason"
                label="If the same name and date of birth: why you know it is a different person"
                defaultValue={value(identify.values, "newPersonReason")}
                error={identify.errors?.newPersonReason}
                maxLength={300}
              />
            </div>
          ) : null}
          <SubmitButton name="intent" value="nfo-identify" className="button-secondary">
            Record who it is
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
