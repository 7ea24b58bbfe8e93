// A read-only view of an assessment's answers, section by section.
import { Link } from "@remix-run/react";
import { NEED_DOMAINS, type NeedDomain } from "#db/schema";
import {
  AUDIT_C_POSITIVE_THRESHOLD,
  HOUSING_SITUATIONS,
  NALOXONE,
  SUBSTANCES,
  auditCScore,
  needLevelLabels,
  type AssessmentAnswers,
} from "~/domain/assessments";
import { needLabels } from "~/domain/custody";

const yes = (v: boolean | undefined, label: string) => (v === undefined ? null : `${label}: ${v ? "yes" : "no"}`);

/** With `changeLink`, each section links back to where it is answered ("check your answers"). */
export function AssessmentSummary({
  answers,
  changeLink,
}: {
  answers: Partial<AssessmentAnswers>;
  changeLink?: (domain: NeedDomain | "naloxone") => string;
}) {
  return (
    <div className="space-y-4">
      {NEED_DOMAINS.filter((d) => answers[d]).map((domain) => {
        const section = answers[domain] as Record<string, unknown> & {
          level?: keyof typeof needLevelLabels;
          notes?: string;
        };
        const details: (string | null)[] = [];
        if (domain === "drugs" && answers.drugs) {
          const d = answers.drugs;
          if (d.substances.length)
            details.push(`Substances: ${d.substances.map((s) => SUBSTANCES[s as keyof typeof SUBSTANCES]).join(", ")}`);
          details.push(
            yes(d.isInjecting, "Injecting"),
            yes(d.hasOverdosedInLast12Months, "Overdose in the last 12 months"),
            yes(d.isInTreatment, "In treatment"),
          );
        }
        if (domain === "alcohol" && answers.alcohol) {
          const score = auditCScore(answers.alcohol.auditC);
          if (score !== null)
            details.push(
              `AUDIT-C ${score} of 12 (${score >= AUDIT_C_POSITIVE_THRESHOLD ? "positive" : "below threshold"})`,
            );
        }
        if (domain === "mental_health" && answers.mental_health) {
          const m = answers.mental_health;
          if (m.concerns) details.push(`Concerns: ${m.concerns}`);
          if (m.selfHarmRisk) details.push(`Self-harm or suicide risk: ${m.selfHarmRisk}`);
          details.push(yes(m.isInContactWithServices, "In contact with services"));
        }
        if (domain === "housing" && answers.housing?.situation)
          details.push(HOUSING_SITUATIONS[answers.housing.situation as keyof typeof HOUSING_SITUATIONS]);
        if (domain === "money" && answers.money)
          details.push(yes(answers.money.hasDebt, "Debt"), yes(answers.money.hasBenefitProblem, "Benefits problem"));
        if (domain === "employment" && answers.employment?.situation) details.push(answers.employment.situation);
        if (domain === "physical_health" && answers.physical_health)
          details.push(yes(answers.physical_health.wantsBloodBorneVirusTest, "Wants a BBV test"));
        if (domain === "family" && answers.family)
          details.push(
            yes(answers.family.hasDependentChildren, "Dependent children"),
            yes(answers.family.hasConcernForChild, "Concern for a child"),
          );
        if (domain === "safety" && answers.safety)
          details.push(
            yes(answers.safety.domesticAbuse, "Domestic abuse"),
            yes(answers.safety.exploitation, "Exploitation"),
            yes(answers.safety.cuckooing, "Cuckooing"),
          );
        if (domain === "justice" && answers.justice) {
          if (answers.justice.currentOrders) details.push(`Orders: ${answers.justice.currentOrders}`);
          if (answers.justice.nextCourtDate) details.push(`Next court date: ${answers.justice.nextCourtDate}`);
        }
        return (
          <section
            key={domain}
            aria-labelledby={`summary-${domain}`}
            className="rounded-md border border-slate-200 bg-white p-3"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 id={`summary-${domain}`} className="font-bold">
                {needLabels[domain]}: {section.level ? needLevelLabels[section.level] : "not assessed"}
              </h3>
              {changeLink ? (
                <Link to={changeLink(domain)}>
                  Change<span className="sr-only"> {needLabels[domain]}</span>
                </Link>
              ) : null}
            </div>
            <ul className="mt-1 list-disc pl-5 text-sm">
              {details.filter(Boolean).map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
            {section.notes ? <p className="mt-1 whitespace-pre-line text-sm">{section.notes}</p> : null}
          </section>
        );
      })}
      {answers.naloxone ? (
        <p>
          Naloxone: {NALOXONE[answers.naloxone as keyof typeof NALOXONE]}
          {changeLink ? (
            <>
              {" "}
              <Link to={changeLink("naloxone")}>
                Change<span className="sr-only"> naloxone</span>
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
