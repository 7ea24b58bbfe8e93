// The needs assessment form: one section per domain. It saves a draft by itself a moment after
// each change (and with the button, before JavaScript loads); completing checks the whole.
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { NeedDomain } from "#db/schema";
import {
  AUDIT_C_POSITIVE_THRESHOLD,
  AUDIT_C_QUESTIONS,
  HOUSING_SITUATIONS,
  NALOXONE,
  NEED_LEVELS,
  SUBSTANCES,
  auditCScore,
  needLevelLabels,
  type AssessmentAnswers,
} from "~/domain/assessments";
import { needLabels } from "~/domain/custody";
import { formatTime } from "~/utils/dates";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField, fieldId } from "./forms";
import { YesNo } from "./yes-no";

export type DraftSaved =
  { ok: true; savedAt: string; rowVersion: number } | { ok: false; errors: Record<string, string> };

/** What custody recorded at booking, carried into the sections it concerns. */
type Disclosed = { needs: readonly NeedDomain[]; other: string | null };

function Section({
  domain,
  answers,
  errors,
  disclosed,
  children,
}: {
  domain: NeedDomain;
  answers: AssessmentAnswers;
  errors: Record<string, string>;
  disclosed: Disclosed;
  children?: ReactNode;
}) {
  const section = answers[domain] as { level?: string; notes?: string };
  return (
    <section aria-labelledby={`${domain}-heading`} className="card scroll-mt-20 space-y-4" id={`${domain}-section`}>
      <h2 id={`${domain}-heading`} className="scroll-mt-20 text-xl font-bold">
        {needLabels[domain]}
      </h2>
      {disclosed.needs.includes(domain) ? (
        <p className="rounded-md border-l-4 border-sky-700 bg-sky-50 p-2">
          Custody recorded this need when the person was booked in
          {disclosed.other ? ` (also noted: ${disclosed.other})` : ""}.
        </p>
      ) : null}
      <ChoiceGroup
        name={`${domain}.level`}
        type="radio"
        inline
        legend="Need level"
        options={NEED_LEVELS.map((l) => ({ value: l, label: needLevelLabels[l] }))}
        defaultValue={section.level}
        error={errors[`${domain}.level`]}
      />
      {children}
      <TextField
        name={`${domain}.notes`}
        label="Notes"
        multiline
        rows={2}
        defaultValue={section.notes}
        error={errors[`${domain}.notes`]}
      />
    </section>
  );
}

export function AssessmentForm(props: {
  answers: AssessmentAnswers;
  rowVersion: number | null;
  lastSavedAt: string | null;
  errors: Record<string, string>;
  disclosedNeeds: readonly NeedDomain[];
  disclosedOther: string | null;
}) {
  const { answers, errors } = props;
  const disclosed: Disclosed = { needs: props.disclosedNeeds, other: props.disclosedOther };
  const fetcher = useFetcher<DraftSaved>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [rowVersion, setRowVersion] = useState<number | null>(props.rowVersion);
  const [savedAt, setSavedAt] = useState<string | null>(props.lastSavedAt);
  const [audit, setAudit] = useState({
    q1: answers.alcohol.auditC.q1,
    q2: answers.alcohol.auditC.q2,
    q3: answers.alcohol.auditC.q3,
  });
  const score = auditCScore(audit);

  // Each draft the server saved moves the version on (set while rendering, not in an effect).
  const [savedDraft, setSavedDraft] = useState(fetcher.data);
  if (fetcher.data !== savedDraft) {
    setSavedDraft(fetcher.data);
    if (fetcher.data?.ok) {
      setRowVersion(fetcher.data.rowVersion);
      setSavedAt(fetcher.data.savedAt);
    }
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  // A submit while a draft save is on its way would carry the version before that save and be
  // refused as someone else's change: it is held until the save has answered, then sent again.
  const heldSubmitter = useRef<HTMLElement | null>(null);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    clearTimeout(timer.current);
    if (fetcher.state === "idle") return;
    event.preventDefault();
    heldSubmitter.current = (event.nativeEvent as SubmitEvent).submitter ?? null;
  }
  useEffect(() => {
    if (fetcher.state !== "idle" || !heldSubmitter.current || !formRef.current) return;
    const submitter = heldSubmitter.current;
    heldSubmitter.current = null;
    formRef.current.requestSubmit(submitter);
  }, [fetcher.state, rowVersion]);

  function saveSoon() {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const formData = new FormData(formRef.current);
      formData.set("intent", "save-draft");
      fetcher.submit(formData, { method: "post" });
    }, 800);
  }

  const saveProblem = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : null;
  const allErrors = { ...errors, ...(saveProblem ?? {}) };

  return (
    <div className="lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:items-start lg:gap-6">
      <SectionIndex answers={answers} disclosed={disclosed} />
      <Form method="post" ref={formRef} noValidate className="space-y-6" onChange={saveSoon} onSubmit={onSubmit}>
        <input type="hidden" name="rowVersion" value={rowVersion ?? ""} />
        <ErrorSummary errors={allErrors} />
        <p aria-live="polite" className="rounded-md bg-white/95 p-2 text-sm shadow-sm lg:sticky lg:top-0 lg:z-10">
          {fetcher.state !== "idle"
            ? "Saving draft…"
            : savedAt
              ? `Draft saved at ${formatTime(savedAt)}.`
              : "Changes are saved as a draft as you go."}
        </p>

        <Section domain="drugs" answers={answers} errors={errors} disclosed={disclosed}>
          <ChoiceGroup
            name="drugs.substances"
            type="checkbox"
            inline
            legend="Substances used"
            options={Object.entries(SUBSTANCES).map(([value, label]) => ({ value, label }))}
            defaultValue={answers.drugs.substances}
          />
          <div className="grid gap-4 sm:grid-cols-3">
            <YesNo name="drugs.isInjecting" legend="Injecting" value={answers.drugs.isInjecting} />
            <YesNo
              name="drugs.hasOverdosedInLast12Months"
              legend="Overdose in the last 12 months"
              value={answers.drugs.hasOverdosedInLast12Months}
            />
            <YesNo name="drugs.isInTreatment" legend="Currently in treatment" value={answers.drugs.isInTreatment} />
          </div>
        </Section>

        <Section domain="alcohol" answers={answers} errors={errors} disclosed={disclosed}>
          <fieldset className="space-y-3">
            <legend className="font-semibold">AUDIT-C</legend>
            {AUDIT_C_QUESTIONS.map((q) => (
              <SelectField
                key={q.name}
                name={`alcohol.auditC.${q.name}`}
                label={q.text}
                placeholder="Not asked"
                options={q.answers.map((label, score) => ({ value: String(score), label: `${label} (${score})` }))}
                defaultValue={audit[q.name] === undefined ? "" : String(audit[q.name])}
                error={errors[`alcohol.auditC.${q.name}`]}
                onChange={(value) => setAudit((a) => ({ ...a, [q.name]: value === "" ? undefined : Number(value) }))}
              />
            ))}
            <p className="rounded-md bg-slate-100 p-3" aria-live="polite">
              {score === null ? (
                "The score appears when all three questions are answered."
              ) : (
                <>
                  <span className="font-semibold">AUDIT-C score {score} of 12</span> —{" "}
                  {score >= AUDIT_C_POSITIVE_THRESHOLD
                    ? "positive: go on to the full AUDIT"
                    : "below the positive threshold"}{" "}
                  (positive at {AUDIT_C_POSITIVE_THRESHOLD} or more).
                </>
              )}
            </p>
          </fieldset>
        </Section>

        <Section domain="mental_health" answers={answers} errors={errors} disclosed={disclosed}>
          <TextField
            name="mental_health.concerns"
            label="Current concerns"
            defaultValue={answers.mental_health.concerns}
          />
          <ChoiceGroup
            name="mental_health.selfHarmRisk"
            type="radio"
            inline
            legend="Risk of self-harm or suicide"
            options={[
              { value: "none", label: "None known" },
              { value: "past", label: "In the past" },
              { value: "current", label: "Current" },
            ]}
            defaultValue={answers.mental_health.selfHarmRisk}
          />
          <YesNo
            name="mental_health.isInContactWithServices"
            legend="In contact with mental-health services"
            value={answers.mental_health.isInContactWithServices}
          />
        </Section>

        <Section domain="housing" answers={answers} errors={errors} disclosed={disclosed}>
          <ChoiceGroup
            name="housing.situation"
            type="radio"
            inline
            legend="Housing situation"
            options={Object.entries(HOUSING_SITUATIONS).map(([value, label]) => ({ value, label }))}
            defaultValue={answers.housing.situation}
          />
        </Section>

        <Section domain="money" answers={answers} errors={errors} disclosed={disclosed}>
          <div className="grid gap-4 sm:grid-cols-2">
            <YesNo name="money.hasDebt" legend="Debt" value={answers.money.hasDebt} />
            <YesNo
              name="money.hasBenefitProblem"
              legend="Problem with benefits"
              value={answers.money.hasBenefitProblem}
            />
          </div>
        </Section>

        <Section domain="employment" answers={answers} errors={errors} disclosed={disclosed}>
          <TextField
            name="employment.situation"
            label="Work, training or education now"
            defaultValue={answers.employment.situation}
          />
        </Section>

        <Section domain="physical_health" answers={answers} errors={errors} disclosed={disclosed}>
          <YesNo
            name="physical_health.wantsBloodBorneVirusTest"
            legend="Wants a blood-borne virus test"
            value={answers.physical_health.wantsBloodBorneVirusTest}
          />
        </Section>

        <Section domain="family" answers={answers} errors={errors} disclosed={disclosed}>
          <div className="grid gap-4 sm:grid-cols-2">
            <YesNo
              name="family.hasDependentChildren"
              legend="Dependent children"
              value={answers.family.hasDependentChildren}
            />
            <YesNo
              name="family.hasConcernForChild"
              legend="Concern for a child"
              value={answers.family.hasConcernForChild}
            />
          </div>
        </Section>

        <Section domain="safety" answers={answers} errors={errors} disclosed={disclosed}>
          <div className="grid gap-4 sm:grid-cols-3">
            <YesNo name="safety.domesticAbuse" legend="Domestic abuse" value={answers.safety.domesticAbuse} />
            <YesNo name="safety.exploitation" legend="Exploitation" value={answers.safety.exploitation} />
            <YesNo name="safety.cuckooing" legend="Cuckooing" value={answers.safety.cuckooing} />
          </div>
        </Section>

        <Section domain="justice" answers={answers} errors={errors} disclosed={disclosed}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              name="justice.currentOrders"
              label="Current orders"
              defaultValue={answers.justice.currentOrders}
            />
            <TextField
              name="justice.nextCourtDate"
              label="Next court date"
              type="date"
              defaultValue={answers.justice.nextCourtDate}
            />
          </div>
        </Section>

        <section aria-labelledby="naloxone-heading" className="card scroll-mt-20">
          <h2 id="naloxone-heading" className="scroll-mt-20 text-xl font-bold">
            Naloxone
          </h2>
          <ChoiceGroup
            name="naloxone"
            type="radio"
            inline
            legend="Naloxone"
            options={Object.entries(NALOXONE).map(([value, label]) => ({ value, label }))}
            defaultValue={answers.naloxone}
            error={errors.naloxone}
          />
        </section>

        <div className="flex flex-wrap gap-3">
          <SubmitButton name="intent" value="check" pendingText="Checking…">
            Check your answers
          </SubmitButton>
          <SubmitButton name="intent" value="save-draft" className="button-secondary" pendingText="Saving…">
            Save draft
          </SubmitButton>
        </div>
        <p id={fieldId("form")} className="sr-only">
          End of the assessment form
        </p>
      </Form>
    </div>
  );
}

const INDEX: { id: string; label: string; domain?: NeedDomain }[] = [
  ...(
    [
      "drugs",
      "alcohol",
      "mental_health",
      "housing",
      "money",
      "employment",
      "physical_health",
      "family",
      "safety",
      "justice",
    ] as const
  ).map((domain) => ({
    id: `${domain}-heading`,
    label: needLabels[domain],
    domain,
  })),
  { id: "naloxone-heading", label: "Naloxone" },
];

/**
 * The sections, each a link, with what custody disclosed and what is answered. It stays in
 * view: beside the form on a wide screen, a strip along the top on a phone.
 */
function SectionIndex({ answers, disclosed }: { answers: AssessmentAnswers; disclosed: Disclosed }) {
  return (
    <nav
      aria-label="Sections of the assessment"
      className="sticky top-0 z-20 -mx-4 mb-4 overflow-x-auto border-b border-slate-200 bg-white/95 px-4 py-2 lg:top-4 lg:mx-0 lg:mb-0 lg:overflow-visible lg:rounded-lg lg:border lg:p-3"
    >
      <h2 className="sr-only lg:not-sr-only lg:mb-2 lg:font-bold">Sections</h2>
      <ol className="flex gap-2 whitespace-nowrap lg:flex-col lg:gap-1 lg:whitespace-normal">
        {INDEX.map(({ id, label, domain }) => {
          const level = domain ? (answers[domain] as { level?: keyof typeof needLevelLabels }).level : undefined;
          return (
            <li key={id}>
              <a href={`#${id}`} className="block rounded px-2 py-1 hover:bg-slate-100">
                {label}
                {domain && disclosed.needs.includes(domain) ? (
                  <span className="block text-xs font-semibold text-sky-900"> disclosed in custody</span>
                ) : null}
                {level ? <span className="block text-xs text-slate-700"> {needLevelLabels[level]}</span> : null}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
