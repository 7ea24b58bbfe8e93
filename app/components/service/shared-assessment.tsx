// The assessment sections a person agreed to share with a service, read-only. It renders
// whatever sections it is given: choosing them is the server's job (sharedSections).
import { NEED_DOMAINS } from "#db/schema";
import {
  AUDIT_C_POSITIVE_THRESHOLD,
  HOUSING_SITUATIONS,
  SUBSTANCES,
  auditCScore,
  needLevelLabels,
  type AssessmentAnswers,
} from "~/domain/assessments";
import { needLabels } from "~/domain/custody";

const yesNo = (value: unknown, label: string) =>
  typeof value === "boolean" ? `${label}: ${value ? "yes" : "no"}` : null;

function details(domain: (typeof NEED_DOMAINS)[number], answers: Partial<AssessmentAnswers>): string[] {
  const lines: (string | null)[] = [];
  if (domain === "drugs" && answers.drugs) {
    const d = answers.drugs;
    if (d.substances.length)
      lines.push(`Substances: ${d.substances.map((s) => SUBSTANCES[s as keyof typeof SUBSTANCES] ?? s).join(", ")}`);
    lines.push(
      yesNo(d.isInjecting, "Injecting"),
      yesNo(d.hasOverdosedInLast12Months, "Overdose in the last 12 months"),
      yesNo(d.isInTreatment, "In treatment now"),
    );
  }
  if (domain === "alcohol" && answers.alcohol) {
    const score = auditCScore(answers.alcohol.auditC);
    if (score !== null)
      lines.push(
        `AUDIT-C ${score} of 12 (${score >= AUDIT_C_POSITIVE_THRESHOLD ? "positive" : "below the threshold"})`,
      );
  }
  if (domain === "mental_health" && answers.mental_health) {
    const m = answers.mental_health;
    if (m.concerns) lines.push(`Concerns: ${m.concerns}`);
    if (m.selfHarmRisk) lines.push(`Self-harm or suicide risk: ${m.selfHarmRisk}`);
    lines.push(yesNo(m.isInContactWithServices, "In contact with services"));
  }
  if (domain === "housing" && answers.housing?.situation)
    lines.push(HOUSING_SITUATIONS[answers.housing.situation as keyof typeof HOUSING_SITUATIONS] ?? null);
  if (domain === "money" && answers.money)
    lines.push(yesNo(answers.money.hasDebt, "Debt"), yesNo(answers.money.hasBenefitProblem, "Problem with benefits"));
  if (domain === "employment" && answers.employment?.situation) lines.push(answers.employment.situation);
  if (domain === "physical_health" && answers.physical_health)
    lines.push(yesNo(answers.physical_health.wantsBloodBorneVirusTest, "Wants a blood-borne virus test"));
  if (domain === "family" && answers.family)
    lines.push(
      yesNo(answers.family.hasDependentChildren, "Dependent children"),
      yesNo(answers.family.hasConcernForChild, "Concern for a child"),
    );
  if (domain === "safety" && answers.safety) {
    lines.push(
      yesNo(answers.safety.domesticAbuse, "Domestic abuse"),
      yesNo(answers.safety.exploitation, "Exploitation"),
      yesNo(answers.safety.cuckooing, "Cuckooing"),
    );
  }
  if (domain === "justice" && answers.justice) {
    if (answers.justice.currentOrders) lines.push(`Orders: ${answers.justice.currentOrders}`);
    if (answers.justice.nextCourtDate) lines.push(`Next court date: ${answers.justice.nextCourtDate}`);
  }
  return lines.filter((l): l is string => Boolean(l));
}

export function SharedAssessment({ sections }: { sections: Partial<AssessmentAnswers> }) {
  const domains = NEED_DOMAINS.filter((d) => sections[d]);
  if (!domains.length)
    return <p className="mt-2 text-slate-700">No sections of the assessment were shared with this service.</p>;
  return (
    <div className="mt-3 space-y-3">
      {domains.map((domain) => {
        const section = sections[domain] as { level?: keyof typeof needLevelLabels; notes?: string };
        const lines = details(domain, sections);
        return (
          <section key={domain} aria-labelledby={`shared-${domain}`} className="rounded-md border border-slate-200 p-3">
            <h3 id={`shared-${domain}`} className="font-bold">
              {needLabels[domain]}:{" "}
              {section.level ? needLevelLabels[section.level].toLowerCase() : "level not recorded"}
            </h3>
            {lines.length ? (
              <ul className="mt-1 list-disc pl-5 text-sm">
                {lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
            {section.notes ? <p className="mt-1 whitespace-pre-line text-sm">{section.notes}</p> : null}
          </section>
        );
      })}
    </div>
  );
}
