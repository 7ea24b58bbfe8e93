// A community referral on patrol: an officer, on a phone, refers a person who agreed straight to
// a service for their area and need (issue 20). Likely earlier matches and the services for the
// need and area appear as the form is filled in; without JavaScript a button asks for them.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { ConsentToRefer, PhoneIfAgreed } from "~/components/consent-to-refer";
import { DateInput } from "~/components/date-input";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField, fieldId } from "~/components/forms";
import { useLookUpAsTyped } from "~/components/look-up-as-typed";
import { MatchList } from "~/components/offer-form";
import { PageHeader } from "~/components/page";
import { useIsHydrated } from "~/components/use-is-hydrated";
import { recordPersonViewed } from "~/domain/audit.server";
import { currentConsentWording } from "~/domain/consents.server";
import { needLabels, personSearchSchema, withDateOfBirth } from "~/domain/custody";
import { DomainError } from "~/domain/errors";
import { serviceKindLabels } from "~/domain/onward-referral-states";
import { listLocalAuthorities } from "~/domain/onward-referrals.server";
import { PATROL_NEEDS, PATROL_SHARED_WITH_SERVICE, parsePatrolReferral } from "~/domain/patrol";
import { isLocalAuthority, patrolServices, recordPatrolReferral } from "~/domain/patrol.server";
import { findLikelyMatches, type PersonMatch } from "~/domain/people.server";
import { requirePermission, type SignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { errorsFromZod, formValues, type FormValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Refer someone to a service · Police · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "patrol:refer");
  const db = getDb();
  return {
    consentWording: currentConsentWording(db, "refer_to_service")!,
    outcomesWording: currentConsentWording(db, "share_outcomes_with_police")!,
    areas: listLocalAuthorities(db),
  };
}

type ServiceChoice = ReturnType<typeof patrolServices>[number];

type PatrolActionData = {
  errors: Record<string, string>;
  values: FormValues;
  matches: PersonMatch[];
  searched: boolean;
  services: ServiceChoice[] | null;
};

export async function action(args: ActionFunctionArgs) {
  const signedIn = await requirePermission(args, "patrol:refer");
  const values = formValues(await args.request.formData());
  const db = getDb();
  const lookedUp = () => ({ ...matchesShown(db, signedIn, values), services: servicesShown(db, values) });
  if (values.intent === "look-up") return data<PatrolActionData>({ errors: {}, values, ...lookedUp() });

  const parsed = parsePatrolReferral(values);
  if (!parsed.success)
    return data<PatrolActionData>({ errors: errorsFromZod(parsed.error), values, ...lookedUp() }, { status: 400 });
  try {
    const recorded = recordPatrolReferral(db, signedIn.audit, signedIn.organisation.id, parsed.data);
    throw redirect(`/police/patrol/${recorded.referralId}?sent=1`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<PatrolActionData>(
      { errors: { [error.field]: error.message }, values, ...lookedUp() },
      { status: error.status === 409 ? 409 : 400 },
    );
  }
}

/** The likely earlier matches for what was typed, each showing audited (as at custody). */
function matchesShown(db: ReturnType<typeof getDb>, signedIn: SignedIn, values: FormValues) {
  const search = personSearchSchema.safeParse(withDateOfBirth(values));
  if (!search.success) return { matches: [], searched: false };
  const { familyName, dateOfBirth } = search.data;
  if (!(familyName && dateOfBirth)) return { matches: [], searched: false };
  const matches = findLikelyMatches(db, { ...search.data, policeIdentifier: undefined, healthIdentifier: undefined });
  db.transaction((tx) => {
    for (const match of matches) {
      recordPersonViewed(tx, signedIn.audit, match.personId, { via: "match-shown", recordId: match.personId });
    }
  });
  return { matches, searched: true };
}

/** The directory's services for the chosen need and area; null until both are chosen. */
function servicesShown(db: ReturnType<typeof getDb>, values: FormValues): ServiceChoice[] | null {
  const need = PATROL_NEEDS.find((n) => n === values.needDomain);
  const areaId = typeof values.areaId === "string" ? values.areaId : "";
  if (!need || !areaId || !isLocalAuthority(db, areaId)) return null;
  return patrolServices(db, need, areaId);
}

/** The summary's names for the fields, in the order the form asks them (the summary's order). */
const fieldLabels: Record<string, string> = {
  givenName: "Given name",
  familyName: "Family name",
  dateOfBirth: "Date of birth",
  personId: "Known to Pathway",
  newPersonReason: "Why this is a new person",
  needDomain: "Help needed",
  areaId: "Area",
  serviceId: "Service",
  note: "Note for the service",
  consentConfirmed: "Consent",
  consentMethod: "How they agreed",
  phone: "Phone number",
};

const LOOK_UP_FIELDS = [
  "givenName",
  "familyName",
  "dateOfBirthDay",
  "dateOfBirthMonth",
  "dateOfBirthYear",
  "needDomain",
  "areaId",
];

export default function PatrolReferral() {
  const { consentWording, outcomesWording, areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const {
    formRef,
    fetcher: lookUp,
    onChange: lookUpSoon,
  } = useLookUpAsTyped<PatrolActionData>("look-up", LOOK_UP_FIELDS);
  const isHydrated = useIsHydrated();
  const matches = lookUp.data?.matches ?? actionData?.matches ?? [];
  const hasSearched = Boolean(lookUp.data?.searched ?? actionData?.searched);
  const services = lookUp.data ? lookUp.data.services : (actionData?.services ?? null);
  const [chosenPersonId, setChosenPersonId] = useState(typeof values.personId === "string" ? values.personId : "");
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);

  return (
    <>
      <p className="no-print mb-2">
        <Link to="/police">Back to patrol and naloxone</Link>
      </p>
      <PageHeader
        title="Refer someone to a service"
        lead="With the person’s agreement, from wherever you meet them. The service contacts them; you hear how it went if they agree."
      />
      <Form method="post" ref={formRef} noValidate className="card max-w-3xl space-y-6" onChange={lookUpSoon}>
        <ErrorSummary errors={actionData?.errors} labels={fieldLabels} />

        <fieldset className="space-y-4">
          <legend className="text-lg font-bold">The person</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              name="givenName"
              label="Given name"
              autoComplete="off"
              spellCheck={false}
              defaultValue={text("givenName")}
              error={errors.givenName}
            />
            <TextField
              name="familyName"
              label="Family name"
              autoComplete="off"
              spellCheck={false}
              defaultValue={text("familyName")}
              error={errors.familyName}
            />
          </div>
          <DateInput name="dateOfBirth" legend="Date of birth" values={values} error={errors.dateOfBirth} />
          <MatchList
            matches={matches}
            hasSearched={hasSearched}
            isSearching={lookUp.state !== "idle"}
            chosenPersonId={chosenPersonId}
            onChoose={setChosenPersonId}
            error={errors.personId}
            reason={{ value: text("newPersonReason") ?? "", error: errors.newPersonReason }}
          />
        </fieldset>

        <ChoiceGroup
          name="needDomain"
          type="radio"
          legend="What do they need help with?"
          options={PATROL_NEEDS.map((need) => ({ value: need, label: needLabels[need] }))}
          defaultValue={values.needDomain}
          error={errors.needDomain}
          inline
        />

        <SelectField
          name="areaId"
          label="Area"
          hint="The local authority where they live, or where you met them"
          placeholder="Choose an area"
          options={areas.map((a) => ({ value: a.id, label: a.name }))}
          defaultValue={values.areaId}
          error={errors.areaId}
        />

        {isHydrated ? null : (
          <button type="submit" name="intent" value="look-up" formNoValidate className="button-secondary">
            Show services and earlier referrals
          </button>
        )}

        <fieldset
          id={fieldId("serviceId")}
          tabIndex={-1}
          aria-describedby={errors.serviceId ? `${fieldId("serviceId")}-error` : undefined}
          aria-live="polite"
        >
          <legend className="text-lg font-bold">Service</legend>
          {errors.serviceId ? (
            <p id={`${fieldId("serviceId")}-error`} className="mt-1 font-semibold text-red-800">
              <span className="sr-only">Error: </span>
              {errors.serviceId}
            </p>
          ) : null}
          {services === null ? (
            <p className="mt-1 text-slate-700">Choose what they need help with and the area to see services.</p>
          ) : services.length === 0 ? (
            <p className="mt-1 rounded-md bg-slate-100 p-3">
              No service in the directory covers this need in this area. Try a neighbouring area.
            </p>
          ) : (
            <div className="mt-2 space-y-2">
              {services.map((s) => (
                <label
                  key={s.id}
                  className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white p-3 has-[:checked]:border-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
                >
                  <input
                    type="radio"
                    name="serviceId"
                    value={s.id}
                    defaultChecked={values.serviceId === s.id}
                    className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
                  />
                  <span>
                    <span className="font-semibold">{s.name}</span>
                    <span className="block text-sm text-slate-700">
                      {serviceKindLabels[s.kind]} · {s.organisationName}
                    </span>
                    {s.hours ? <span className="block text-sm">Open: {s.hours}</span> : null}
                    {s.phone ? <span className="block text-sm">Phone: {s.phone}</span> : null}
                    {!s.isTakingReferrals ? (
                      <span className="block text-sm font-semibold">Not taking referrals now</span>
                    ) : null}
                  </span>
                </label>
              ))}
            </div>
          )}
        </fieldset>

        <TextField
          name="note"
          label="Note for the service (optional)"
          hint="What they should know to help: when and how to reach them, anything about safety"
          multiline
          rows={3}
          defaultValue={text("note")}
          error={errors.note}
        />

        <ConsentToRefer
          heading="Their consent"
          headingLevel={2}
          intro={
            <>
              Read this to the person (wording version {consentWording.version}). The service gets their{" "}
              {PATROL_SHARED_WITH_SERVICE}.
            </>
          }
          wording={consentWording}
          agreedLabel="I read this to the person and they agreed to be referred"
          values={values}
          errors={errors}
        >
          <div className="mt-4 space-y-3">
            <PhoneIfAgreed
              name="contactByPhone"
              label="They agree the service may phone them (optional)"
              phoneLabel="Phone number"
              values={values}
              error={errors.phone}
            />
            <div>
              <label className="flex items-start gap-3">
                <input
                  type="checkbox"
                  name="shareOutcomes"
                  value="yes"
                  defaultChecked={values.shareOutcomes === "yes"}
                  aria-describedby="outcomes-wording"
                  className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
                />
                <span>They agree the police may see how the referral went (optional)</span>
              </label>
              <p id="outcomes-wording" className="ml-8 mt-1 text-sm text-slate-700">
                Ask: “{outcomesWording.text}”
              </p>
            </div>
          </div>
        </ConsentToRefer>

        <SubmitButton name="intent" value="refer" pendingText="Sending…">
          Send referral
        </SubmitButton>
      </Form>
    </>
  );
}
