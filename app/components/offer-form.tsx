// The custody officer's one form: the offer's result and, when accepted, the person, their
// disclosed needs and their consent. Likely earlier matches appear as the name and date of
// birth are typed; without JavaScript a button asks for them.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { DISCLOSED_NEED_OPTIONS, needLabels, NOT_OFFERED_REASONS, OFFER_RESULT_LABELS } from "~/domain/custody";
import { onwardStatusLabels, serviceKindLabels } from "~/domain/onward-referral-states";
import type { PersonMatch } from "~/domain/people.server";
import { formatDate, formatDuration } from "~/utils/dates";
import { ConsentToRefer, PhoneIfAgreed } from "./consent-to-refer";
import { DateInput } from "./date-input";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField, fieldId } from "./forms";
import { useLookUpAsTyped } from "./look-up-as-typed";
import { useIsHydrated } from "./use-is-hydrated";

export type OfferActionData = {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
  existingReferralId?: string | null;
  matches?: PersonMatch[];
  searched?: boolean;
};

const SEARCH_FIELDS = [
  "givenName",
  "familyName",
  "dateOfBirthDay",
  "dateOfBirthMonth",
  "dateOfBirthYear",
  "policeIdentifier",
  "healthIdentifier",
];

/** A family name and a whole date of birth, or enough of an identifier, to look for matches. */
function hasEnoughToSearch(search: FormData) {
  return Boolean(
    (search.get("familyName") &&
      /^\d{1,2}$/.test(String(search.get("dateOfBirthDay"))) &&
      /^\d{1,2}$/.test(String(search.get("dateOfBirthMonth"))) &&
      /^\d{4}$/.test(String(search.get("dateOfBirthYear")))) ||
    String(search.get("policeIdentifier")).length >= 4 ||
    String(search.get("healthIdentifier")).length >= 6,
  );
}

const fieldLabels: Record<string, string> = {
  result: "What happened",
  custodyReference: "Custody reference",
  givenName: "Given name",
  familyName: "Family name",
  dateOfBirth: "Date of birth",
  arrivedAt: "Arrival time",
  consentConfirmed: "Consent",
  phone: "Phone number to call them on",
  notOfferedReason: "Reason not offered",
  notOfferedReasonText: "Reason not offered",
  personId: "Earlier referrals",
  newPersonReason: "Why this is a new person",
};

export function OfferForm(props: {
  actionData?: OfferActionData;
  consentWording: { id: string; version: number; text: string };
  custodyReferenceExample: string;
  arrivedAtDefault: string;
  toOfferAgain: { id: string; custodyReference: string | null }[];
}) {
  const { actionData, consentWording, custodyReferenceExample, arrivedAtDefault, toOfferAgain } = props;
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const [searchParams] = useSearchParams();
  const reoffer = toOfferAgain.find((o) => o.id === (values.reofferOfOfferId ?? searchParams.get("reoffer")));

  const [result, setResult] = useState<string>(typeof values.result === "string" ? values.result : "");
  const {
    formRef,
    fetcher: matchFetcher,
    onChange: searchSoon,
  } = useLookUpAsTyped<OfferActionData>("find-matches", SEARCH_FIELDS, hasEnoughToSearch);
  const matches = matchFetcher.data?.matches ?? actionData?.matches ?? [];
  const hasSearched = Boolean(matchFetcher.data?.searched ?? actionData?.searched);
  const [chosenPersonId, setChosenPersonId] = useState(typeof values.personId === "string" ? values.personId : "");
  // True once the page's JavaScript runs (false in the server render): the no-JavaScript button goes.
  const isHydrated = useIsHydrated();
  const hasOptionalValues =
    (Array.isArray(values.disclosedNeeds) ? values.disclosedNeeds.length > 0 : Boolean(values.disclosedNeeds)) ||
    Boolean(values.disclosedOther || values.safetyNotes);

  const showsPerson = result === "" || result === "accepted";
  const showsReference = result !== "declined" && result !== "not_offered";

  return (
    <Form method="post" ref={formRef} noValidate className="mt-4 space-y-6" onChange={searchSoon}>
      <ErrorSummary errors={errors} labels={fieldLabels} />
      {actionData?.existingReferralId ? (
        <p className="rounded-md border-l-8 border-amber-600 bg-amber-50 p-3">
          Another officer has already recorded this custody reference.{" "}
          <Link to={`/custody/referrals/${actionData.existingReferralId}`}>Open the existing referral</Link>
        </p>
      ) : null}
      {reoffer ? (
        <>
          <input type="hidden" name="reofferOfOfferId" value={reoffer.id} />
          <p className="rounded-md bg-sky-50 p-3">
            Offering again to <span className="font-mono font-semibold">{reoffer.custodyReference}</span>.{" "}
            <Link to=".">Start a different offer</Link>
          </p>
        </>
      ) : null}

      <fieldset
        id={fieldId("result")}
        tabIndex={-1}
        aria-describedby={errors.result ? `${fieldId("result")}-error` : undefined}
      >
        <legend className="font-semibold">What happened when arrest referral was offered?</legend>
        {errors.result ? (
          <p id={`${fieldId("result")}-error`} className="mt-1 font-semibold text-red-800">
            <span className="sr-only">Error: </span>
            {errors.result}
          </p>
        ) : null}
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {Object.entries(OFFER_RESULT_LABELS).map(([value, label]) => (
            <label
              key={value}
              className="flex min-h-[2.75rem] cursor-pointer items-center gap-2 rounded-md border border-slate-400 bg-white px-3 py-2 font-semibold has-[:checked]:border-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
            >
              <input
                type="radio"
                name="result"
                value={value}
                checked={result === value}
                onChange={() => setResult(value)}
                className="h-5 w-5 shrink-0 accent-brand-700"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>

      {result === "not_offered" ? (
        <div className="space-y-4">
          <SelectField
            name="notOfferedReason"
            label="Why was it not offered?"
            placeholder="Choose a reason"
            options={Object.entries(NOT_OFFERED_REASONS).map(([value, label]) => ({ value, label }))}
            defaultValue={values.notOfferedReason}
            error={errors.notOfferedReason}
          />
          <TextField
            name="notOfferedReasonText"
            label="Say more (needed for “Other”)"
            defaultValue={values.notOfferedReasonText}
            error={errors.notOfferedReasonText}
          />
        </div>
      ) : null}

      {(result === "declined" || result === "not_offered") && (
        <p className="text-slate-700">Only the centre, the time and the reason are kept: no name or reference.</p>
      )}

      {showsReference ? (
        <TextField
          name="custodyReference"
          label="Custody reference"
          hint={`Like ${custodyReferenceExample}`}
          defaultValue={values.custodyReference ?? reoffer?.custodyReference ?? undefined}
          error={errors.custodyReference}
          inputClassName="font-mono uppercase sm:max-w-xs"
          spellCheck={false}
        />
      ) : null}

      {showsPerson ? (
        <>
          <fieldset className="space-y-4">
            <legend className="text-lg font-bold">The person</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                name="givenName"
                label="Given name"
                autoComplete="off"
                defaultValue={values.givenName}
                error={errors.givenName}
                spellCheck={false}
              />
              <TextField
                name="familyName"
                label="Family name"
                autoComplete="off"
                defaultValue={values.familyName}
                error={errors.familyName}
                spellCheck={false}
              />
            </div>
            <DateInput name="dateOfBirth" legend="Date of birth" values={values} error={errors.dateOfBirth} />
            <details
              className="rounded-md border border-slate-300 bg-white p-3"
              open={Boolean(values.policeIdentifier || values.healthIdentifier)}
            >
              <summary className="cursor-pointer font-semibold">Police or health identifier (optional)</summary>
              <div className="mt-3 grid gap-4 sm:grid-cols-2">
                <TextField
                  name="policeIdentifier"
                  label="Police identifier"
                  hint="For example the PNC or CHS number"
                  defaultValue={values.policeIdentifier}
                  error={errors.policeIdentifier}
                  spellCheck={false}
                />
                <TextField
                  name="healthIdentifier"
                  label="Health identifier"
                  hint="For example the CHI or NHS number"
                  defaultValue={values.healthIdentifier}
                  error={errors.healthIdentifier}
                  inputMode="numeric"
                />
              </div>
            </details>
            <MatchList
              matches={matches}
              hasSearched={hasSearched}
              isSearching={matchFetcher.state !== "idle"}
              chosenPersonId={chosenPersonId}
              onChoose={(personId) => {
                setChosenPersonId(personId);
                if (personId !== "new") setResult("accepted");
              }}
              error={errors.personId}
              reason={{
                value: typeof values.newPersonReason === "string" ? values.newPersonReason : "",
                error: errors.newPersonReason,
              }}
            />
            {/* Matches appear as the officer types; without JavaScript this button asks for them. It
                goes once the page runs, so that Enter makes the referral rather than checking. */}
            {isHydrated ? null : (
              <button type="submit" name="intent" value="find-matches" formNoValidate className="button-secondary">
                Check for earlier referrals
              </button>
            )}
          </fieldset>

          <ConsentToRefer
            heading="Consent to see an arrest referral worker"
            headingLevel={3}
            intro={`Read this to the person (wording version ${consentWording.version}):`}
            wording={consentWording}
            agreedLabel="I told the person what arrest referral is and they agreed to see a worker"
            values={values}
            errors={errors}
          >
            <div className="mt-3 space-y-2">
              <PhoneIfAgreed
                name="contactAfterRelease"
                label="They agree to be phoned by a worker if released before being seen (optional)"
                phoneLabel="Phone number to call them on"
                values={values}
                error={errors.phone}
              />
            </div>
          </ConsentToRefer>
        </>
      ) : null}

      <div className="flex flex-wrap gap-3">
        <SubmitButton name="intent" value="record-offer" pendingText="Saving…">
          {result === "accepted" || result === "" ? "Make referral" : "Record offer"}
        </SubmitButton>
      </div>

      {showsPerson ? (
        <details
          className="rounded-md border border-slate-300 bg-white p-3"
          open={Boolean(
            hasOptionalValues ||
            errors.arrivedAt ||
            errors.disclosedNeeds ||
            errors.disclosedOther ||
            errors.safetyNotes,
          )}
        >
          <summary className="cursor-pointer font-semibold">Needs, safety and arrival time (optional)</summary>
          <p className="mt-1 text-sm text-slate-700">
            Open this before pressing “Make referral” to tell the worker more.
          </p>
          <div className="mt-3 space-y-4">
            <ChoiceGroup
              name="disclosedNeeds"
              type="checkbox"
              legend="Needs the person disclosed"
              hint="Tick all that apply"
              inline
              options={DISCLOSED_NEED_OPTIONS.map((value) => ({ value, label: needLabels[value] }))}
              defaultValue={values.disclosedNeeds}
              error={errors.disclosedNeeds}
            />
            <TextField
              name="disclosedOther"
              label="Other needs (optional)"
              defaultValue={values.disclosedOther}
              error={errors.disclosedOther}
            />
            <TextField
              name="safetyNotes"
              label="What the worker must know for safety (optional)"
              multiline
              rows={2}
              defaultValue={values.safetyNotes}
              error={errors.safetyNotes}
            />
            <TextField
              name="arrivedAt"
              label="Arrival time"
              hint="Now, unless you change it"
              type="datetime-local"
              defaultValue={values.arrivedAt ?? arrivedAtDefault}
              error={errors.arrivedAt}
              inputClassName="sm:max-w-xs"
            />
          </div>
        </details>
      ) : null}
    </Form>
  );
}

export function MatchList(props: {
  matches: PersonMatch[];
  hasSearched: boolean;
  isSearching: boolean;
  chosenPersonId: string;
  onChoose: (personId: string) => void;
  error?: string;
  reason: { value: string; error?: string };
}) {
  const { matches, hasSearched, isSearching, chosenPersonId, onChoose, error, reason } = props;
  const mustAnswer = matches.some((m) => m.strength !== "likely" || m.score >= 80);
  const hasExact = matches.some((m) => m.strength !== "likely");
  const id = fieldId("personId");
  return (
    <div aria-live="polite" className="space-y-2">
      {isSearching ? <p className="text-slate-700">Checking for earlier referrals…</p> : null}
      {!isSearching && hasSearched && matches.length === 0 ? (
        <p className="rounded-md bg-slate-100 p-3">No earlier referrals found for this person.</p>
      ) : null}
      {matches.length ? (
        <fieldset
          id={id}
          tabIndex={-1}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`rounded-md border-2 bg-amber-50 p-3 ${error ? "border-red-700" : "border-amber-500"}`}
        >
          <legend className="px-1 font-bold">
            {mustAnswer
              ? "Is this someone already known to Pathway? You must answer."
              : "Known to Pathway? Pick the same person, or say none of these."}
          </legend>
          {error ? (
            <p id={`${id}-error`} className="font-semibold text-red-800">
              <span className="sr-only">Error: </span>
              {error}
            </p>
          ) : null}
          <div className="mt-2 space-y-2">
            {matches.map((m) => (
              <label
                key={m.personId}
                className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white p-3 has-[:checked]:border-2 has-[:checked]:border-brand-700"
              >
                <input
                  type="radio"
                  name="personId"
                  value={m.personId}
                  checked={chosenPersonId === m.personId}
                  onChange={() => onChoose(m.personId)}
                  className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
                />
                <span>
                  <span className="font-semibold">
                    {m.givenName} {m.familyName}, born {formatDate(m.dateOfBirth)}
                  </span>
                  <span className="block text-sm text-slate-700">
                    {m.strength === "likely"
                      ? `Possible match: ${m.reasons.join("; ")}`
                      : `Same ${m.reasons.join("; ").replace(/^same /, "")}`}
                  </span>
                  <HistorySummary history={m.history} />
                </span>
              </label>
            ))}
            <label className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-300 bg-white p-3 has-[:checked]:border-2 has-[:checked]:border-brand-700">
              <input
                type="radio"
                name="personId"
                value="new"
                checked={chosenPersonId === "new"}
                onChange={() => onChoose("new")}
                className="h-5 w-5 shrink-0 accent-brand-700"
              />
              <span className="font-semibold">None of these: this is a new person</span>
            </label>
            {chosenPersonId === "new" && (hasExact || reason.error) ? (
              <TextField
                name="newPersonReason"
                label="Why is this a different person with the same name and date of birth?"
                hint="For example: a twin, or a different home address and appearance. Kept with the record."
                defaultValue={reason.value}
                error={reason.error}
              />
            ) : null}
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

export function HistorySummary({ history }: { history: PersonMatch["history"] }) {
  if (history.referralCount === 0) return <span className="block text-sm">No earlier referrals.</span>;
  return (
    <span className="mt-1 block text-sm">
      <span className="font-semibold">
        Referred before: {history.referralCount} {history.referralCount === 1 ? "time" : "times"}
      </span>
      {history.lastReferralAt ? `, last on ${formatDate(history.lastReferralAt)} at ${history.lastCentreName}` : ""}.
      {history.engagements.length ? (
        <span className="block">
          Latest with each service:
          <span className="block">
            {history.engagements.map((e) => (
              <span key={e.serviceName} className="block pl-3">
                {serviceKindLabels[e.serviceKind]} ({e.serviceName}): {onwardStatusLabels[e.status].toLowerCase()}, last
                update {formatDuration(e.lastUpdateAt)} ago.
              </span>
            ))}
          </span>
        </span>
      ) : (
        <span className="block">
          {history.hasOutcomeSharingConsent
            ? "No onward referral outcomes yet."
            : "Outcomes are not shared with custody for this person."}
        </span>
      )}
    </span>
  );
}
