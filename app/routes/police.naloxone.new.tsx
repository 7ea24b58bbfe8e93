import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { PATIENT_STATES } from "#db/schema";
import { DateInput } from "~/components/date-input";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField, fieldId } from "~/components/forms";
import { Notice, PageHeader } from "~/components/page";
import { useIsHydrated } from "~/components/use-is-hydrated";
import { YesNo } from "~/components/yes-no";
import { DomainError } from "~/domain/errors";
import { administeredAtDefaults, MAX_DOSES, parseNaloxoneReport, patientStateLabels } from "~/domain/naloxone";
import { forceAreas, recordNaloxoneReport } from "~/domain/naloxone.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate } from "~/utils/dates";
import { formValues, type FieldErrors, type FormValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Naloxone administration report · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requirePermission(args, "naloxone:report");
  return { areas: forceAreas(getDb(), user.organisationId), defaults: administeredAtDefaults(new Date()) };
}

type Match = { personId: string; givenName: string; familyName: string; dateOfBirth: string };
type ActionResult = { errors: FieldErrors; values: FormValues; matches?: Match[] };

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "naloxone:report");
  const values = formValues(await args.request.formData());
  const fail = (errors: FieldErrors, extra: Partial<ActionResult> = {}, status = 400) =>
    data<ActionResult>({ errors, values, ...extra }, { status });
  const parsed = parseNaloxoneReport(values);
  if (!parsed.ok) return fail(parsed.errors);
  let recorded;
  try {
    recorded = recordNaloxoneReport(getDb(), audit, parsed.data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const matches = error.options.detail?.matches as Match[] | undefined;
    return fail({ [error.field]: error.message }, matches ? { matches } : {}, error.status);
  }
  throw redirect(`/police/naloxone/new?filed=${recorded.referralId ? "follow-up" : "no-provider"}`);
}

/** The summary's names for the fields, in the order the form asks them (the summary's order). */
const labels: Record<string, string> = {
  areaId: "Area",
  postcode: "Place",
  administeredAt: "When",
  patientState: "State",
  doses: "Doses",
  paraphernaliaPresent: "Paraphernalia",
  ambulanceResponded: "Ambulance",
  takenToHospital: "Hospital",
  personKnown: "Who it was",
  givenName: "Given name",
  familyName: "Family name",
  dateOfBirth: "Date of birth",
  personId: "Known to Pathway",
  newPersonReason: "Why this is someone else",
};

export default function NaloxoneReport() {
  const { areas, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const filed = searchParams.get("filed");
  const errors = actionData?.errors ?? {};
  const values: FormValues = actionData?.values ?? defaults;
  const value = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const matches = actionData?.matches;
  const isHydrated = useIsHydrated();
  const [personKnown, setPersonKnown] = useState(value("personKnown"));
  // The name boxes open under "Yes"; without JavaScript, or with something in them, they stay open.
  const showsPerson =
    personKnown === "yes" ||
    !isHydrated ||
    ["givenName", "familyName", "dateOfBirth", "personId", "newPersonReason"].some((name) => errors[name]);

  if (filed && !actionData) return <Filed filed={filed} />;

  return (
    <>
      <p className="no-print mb-2">
        <Link to="/police">Back to patrol and naloxone</Link>
      </p>
      <PageHeader
        title="Naloxone administration report"
        lead="After you give naloxone. The referral provider for the area follows it up."
      />
      <ErrorSummary errors={actionData?.errors} labels={labels} />
      <Form
        method="post"
        className="max-w-3xl space-y-6"
        noValidate
        onChange={(event) => {
          const target = event.target as HTMLInputElement;
          if (target.name === "personKnown") setPersonKnown(target.value);
        }}
      >
        <section aria-labelledby="where-heading" className="card space-y-4">
          <h2 id="where-heading" className="text-xl font-bold">
            Where
          </h2>
          {areas.length <= 5 ? (
            <ChoiceGroup
              name="areaId"
              legend="Local authority area"
              type="radio"
              options={areas.map((a) => ({ value: a.id, label: a.name }))}
              defaultValue={value("areaId")}
              error={errors.areaId}
            />
          ) : (
            <SelectField
              name="areaId"
              label="Local authority area"
              options={areas.map((a) => ({ value: a.id, label: a.name }))}
              placeholder="Choose the area"
              defaultValue={value("areaId")}
              error={errors.areaId}
            />
          )}
          <TextField
            name="postcode"
            label="Postcode"
            hint="If you know it. Or describe the place below, or both."
            defaultValue={value("postcode")}
            error={errors.postcode}
            // Where it happened, not the officer's own address: the browser must not offer theirs.
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            inputClassName="w-36 uppercase"
            maxLength={10}
          />
          <TextField
            name="locationDescription"
            label="Describe the place"
            hint="For example, the stairwell behind the bus station on Quay Street"
            defaultValue={value("locationDescription")}
            error={errors.locationDescription}
            maxLength={300}
          />
        </section>

        <section aria-labelledby="when-heading" className="card space-y-4">
          <h2 id="when-heading" className="text-xl font-bold">
            When naloxone was given
          </h2>
          <DateInput
            name="administeredAt"
            legend="Date"
            hint="Today unless you change it"
            error={errors.administeredAt}
            values={values}
          />
          <TimeInput values={values} />
        </section>

        <section aria-labelledby="person-state-heading" className="card space-y-4">
          <h2 id="person-state-heading" className="text-xl font-bold">
            What happened
          </h2>
          <ChoiceGroup
            name="patientState"
            legend="How was the person when you found them?"
            type="radio"
            options={PATIENT_STATES.map((s) => ({ value: s, ...patientStateLabels[s] }))}
            defaultValue={value("patientState")}
            error={errors.patientState}
          />
          <TextField
            name="doses"
            label="Number of doses given"
            defaultValue={value("doses")}
            error={errors.doses}
            inputMode="numeric"
            spellCheck={false}
            inputClassName="w-20"
            maxLength={2}
            hint={`1 to ${MAX_DOSES}`}
          />
          <YesNo
            name="paraphernaliaPresent"
            legend="Was drug paraphernalia present?"
            value={value("paraphernaliaPresent")}
            error={errors.paraphernaliaPresent}
          />
          <YesNo
            name="ambulanceResponded"
            legend="Did the ambulance service respond?"
            value={value("ambulanceResponded")}
            error={errors.ambulanceResponded}
          />
          <YesNo
            name="takenToHospital"
            legend="Was the person taken to hospital?"
            value={value("takenToHospital")}
            error={errors.takenToHospital}
          />
        </section>

        <section aria-labelledby="who-heading" className="card space-y-4">
          <h2 id="who-heading" className="text-xl font-bold">
            Who it was
          </h2>
          <ChoiceGroup
            name="personKnown"
            legend="Do you know who the person is?"
            hint="The person could not agree to anything at the time. If nobody could tell you who they are, choose No: the worker will find out."
            type="radio"
            options={[
              { value: "no", label: "No, or not sure" },
              { value: "yes", label: "Yes: their name and date of birth are below" },
            ]}
            defaultValue={value("personKnown")}
            error={errors.personKnown}
          />
          {showsPerson ? (
            <div className="space-y-4 border-l-4 border-slate-400 pl-4">
              <TextField
                name="givenName"
                label="Given name (if known)"
                defaultValue={value("givenName")}
                error={errors.givenName}
                autoComplete="off"
                spellCheck={false}
              />
              <TextField
                name="familyName"
                label="Family name (if known)"
                defaultValue={value("familyName")}
                error={errors.familyName}
                autoComplete="off"
                spellCheck={false}
              />
              <DateInput
                name="dateOfBirth"
                legend="Date of birth (if known)"
                error={errors.dateOfBirth}
                values={values}
              />
              {matches?.length || errors.personId || errors.newPersonReason ? (
                <div className="space-y-4 rounded-md border-l-4 border-brand-700 bg-brand-50 p-3">
                  <ChoiceGroup
                    name="personId"
                    legend="Is this someone already known to Pathway?"
                    type="radio"
                    options={[
                      ...(matches ?? []).map((m) => ({
                        value: m.personId,
                        label: `${m.givenName} ${m.familyName}`,
                        hint: `Born ${formatDate(m.dateOfBirth)}`,
                      })),
                      { value: "new", label: "None of these: someone else" },
                    ]}
                    defaultValue={value("personId")}
                    error={errors.personId}
                  />
                  <TextField
                    name="newPersonReason"
                    label="If someone else with the same name and date of birth: why you know it is a different person"
                    defaultValue={value("newPersonReason")}
                    error={errors.newPersonReason}
                    maxLength={300}
                  />
                </div>
              ) : null}
            </div>
          ) : null}
        </section>

        <SubmitButton pendingText="Sending…">Send report</SubmitButton>
      </Form>
    </>
  );
}

/** After the report is sent: what happens next, and the way on; not the form again. */
function Filed({ filed }: { filed: string }) {
  return (
    <>
      <PageHeader title="Naloxone administration report" />
      <div className="max-w-3xl">
        {filed === "follow-up" ? (
          <Notice tone="success">
            <p className="text-lg font-semibold">Report sent.</p>
            <p>The referral provider covering the area has it at the top of their queue and will follow it up.</p>
          </Notice>
        ) : (
          <Notice tone="warning">
            <p className="text-lg font-semibold">Report saved, but no referral provider covers that area.</p>
            <p>Phone the local harm reduction team so that someone follows it up.</p>
          </Notice>
        )}
        <ul className="mt-4 space-y-2">
          <li>
            <Link to="/police/naloxone/new">Report another naloxone administration</Link>
          </li>
          <li>
            <Link to="/police">Back to patrol and naloxone</Link>
          </li>
        </ul>
      </div>
    </>
  );
}

function TimeInput({ values }: { values: FormValues }) {
  const box = (part: "Hour" | "Minute") => {
    const v = values[`administeredAt${part}`];
    return typeof v === "string" ? v : "";
  };
  const id = fieldId("administeredAtHour");
  return (
    <fieldset role="group" aria-describedby={`${id}-hint`}>
      <legend className="font-semibold">Time</legend>
      <p id={`${id}-hint`} className="text-sm text-slate-700">
        24-hour clock, UK time. Now unless you change it.
      </p>
      <div className="mt-1 flex items-end gap-2">
        <div>
          <label htmlFor={id} className="block text-sm font-semibold">
            Hour
          </label>
          <input
            id={id}
            name="administeredAtHour"
            defaultValue={box("Hour")}
            inputMode="numeric"
            autoComplete="off"
            maxLength={2}
            className="input mt-1 w-16 text-center"
          />
        </div>
        <span className="pb-2 font-bold" aria-hidden="true">
          :
        </span>
        <div>
          <label htmlFor={`${id}-minute`} className="block text-sm font-semibold">
            Minute
          </label>
          <input
            id={`${id}-minute`}
            name="administeredAtMinute"
            defaultValue={box("Minute")}
            inputMode="numeric"
            autoComplete="off"
            maxLength={2}
            className="input mt-1 w-16 text-center"
          />
        </div>
      </div>
    </fieldset>
  );
}
