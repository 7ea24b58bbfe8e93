// The structured needs assessment: one section per need domain, AUDIT-C for alcohol, risk
// flags and naloxone. Drafts accept anything partial; completing checks the whole.
import { z } from "zod";
import { NEED_DOMAINS, type NeedDomain } from "#db/schema";
import { emptyRecord, isPrototypeKey } from "~/utils/keys";

export const NEED_LEVELS = ["none", "low", "medium", "high"] as const;
export type NeedLevel = (typeof NEED_LEVELS)[number];
export const needLevelLabels: Record<NeedLevel, string> = { none: "None", low: "Low", medium: "Medium", high: "High" };

export const SUBSTANCES = {
  opioids: "Heroin or other opioids",
  synthetic_opioids: "Synthetic opioids (nitazenes)",
  cocaine: "Cocaine powder",
  crack: "Crack cocaine",
  street_benzodiazepines: "Street benzodiazepines",
  cannabis: "Cannabis",
  ketamine: "Ketamine",
  amphetamines: "Amphetamines",
  other: "Other",
} as const;

export const HOUSING_SITUATIONS = {
  settled: "Settled",
  temporary: "Temporary accommodation",
  homeless: "Homeless",
  rough_sleeping: "Rough sleeping",
  at_risk: "At risk of losing their home",
} as const;

export const NALOXONE = {
  supplied: "Supplied",
  offered: "Offered, not taken",
  declined: "Declined",
  not_applicable: "Not applicable",
} as const;

/** AUDIT-C: three questions scored 0–4 each. */
export const AUDIT_C_QUESTIONS = [
  {
    name: "q1",
    text: "How often do you have a drink containing alcohol?",
    answers: ["Never", "Monthly or less", "2–4 times a month", "2–3 times a week", "4 or more times a week"],
  },
  {
    name: "q2",
    text: "How many units of alcohol do you drink on a typical day when you are drinking?",
    answers: ["1–2", "3–4", "5–6", "7–9", "10 or more"],
  },
  {
    name: "q3",
    text: "How often have you had 6 or more units (women) or 8 or more (men) on a single occasion in the last year?",
    answers: ["Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"],
  },
] as const;

/** UK practice: an AUDIT-C score of 5 or more is positive (go on to the full AUDIT). */
export const AUDIT_C_POSITIVE_THRESHOLD = 5;

export type AuditCAnswers = { q1?: number; q2?: number; q3?: number };

/** The AUDIT-C score 0–12, or null until all three questions are answered. */
export function auditCScore(answers: AuditCAnswers | undefined): number | null {
  if (!answers) return null;
  const { q1, q2, q3 } = answers;
  if (q1 === undefined || q2 === undefined || q3 === undefined) return null;
  return q1 + q2 + q3;
}

export const isAuditCPositive = (score: number | null) => score !== null && score >= AUDIT_C_POSITIVE_THRESHOLD;

// ---------------------------------------------------------------- the answers' shape

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));
const flag = z.preprocess(
  (v) => (v === undefined || v === "" ? undefined : v === "yes" || v === "on" || v === true),
  z.boolean().optional(),
);
const level = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(NEED_LEVELS, { message: "Choose a need level" }).optional(),
);
const list = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(values)));
const auditAnswer = z.preprocess(
  (v) => (v === undefined || v === "" ? undefined : Number(v)),
  z
    .number({ invalid_type_error: "Choose an answer from the list" })
    .int()
    .min(0, "Answers score 0 to 4")
    .max(4, "Answers score 0 to 4")
    .optional(),
);

const section = { level, notes: text(2000) };

export const answersSchema = z.object({
  drugs: z
    .object({
      ...section,
      substances: list(Object.keys(SUBSTANCES) as [string, ...string[]]),
      isInjecting: flag,
      hasOverdosedInLast12Months: flag,
      isInTreatment: flag,
    })
    .default({}),
  alcohol: z
    .object({ ...section, auditC: z.object({ q1: auditAnswer, q2: auditAnswer, q3: auditAnswer }).default({}) })
    .default({}),
  mental_health: z
    .object({
      ...section,
      concerns: text(1000),
      selfHarmRisk: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["none", "past", "current"]).optional()),
      isInContactWithServices: flag,
    })
    .default({}),
  housing: z
    .object({
      ...section,
      situation: z.preprocess(
        (v) => (v === "" ? undefined : v),
        z.enum(Object.keys(HOUSING_SITUATIONS) as [string, ...string[]]).optional(),
      ),
    })
    .default({}),
  money: z.object({ ...section, hasDebt: flag, hasBenefitProblem: flag }).default({}),
  employment: z.object({ ...section, situation: text(200) }).default({}),
  physical_health: z.object({ ...section, wantsBloodBorneVirusTest: flag }).default({}),
  family: z.object({ ...section, hasDependentChildren: flag, hasConcernForChild: flag }).default({}),
  safety: z.object({ ...section, domesticAbuse: flag, exploitation: flag, cuckooing: flag }).default({}),
  justice: z.object({ ...section, currentOrders: text(500), nextCourtDate: text(20) }).default({}),
  naloxone: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum(Object.keys(NALOXONE) as [string, ...string[]]).optional(),
  ),
});

export type AssessmentAnswers = z.infer<typeof answersSchema>;

/**
 * Form fields are named "alcohol.auditC.q1"; this turns them into the nested answers. Every
 * level has no prototype and a name with a part like `__proto__` is ignored, so no field name
 * can reach Object.prototype.
 */
export function nestFormValues(values: Record<string, string | string[]>): Record<string, unknown> {
  const nested = emptyRecord<unknown>();
  for (const [key, value] of Object.entries(values)) {
    const path = key.split(".");
    if (path.some(isPrototypeKey)) continue;
    let cursor = nested;
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(cursor, part) ? cursor[part] : undefined;
      if (typeof next !== "object" || next === null || Array.isArray(next)) cursor[part] = emptyRecord<unknown>();
      cursor = cursor[part] as Record<string, unknown>;
    }
    cursor[path[path.length - 1]] = value;
  }
  return nested;
}

/** What completing an assessment needs beyond a well-formed draft. */
export function completionProblems(answers: AssessmentAnswers): Record<string, string> {
  const problems: Record<string, string> = {};
  const filled = NEED_DOMAINS.filter((d) => answers[d].level !== undefined);
  if (filled.length === 0)
    problems.form = "Give a need level for at least one domain before completing the assessment.";
  const audit = answers.alcohol.auditC;
  const answered = [audit.q1, audit.q2, audit.q3].filter((a) => a !== undefined).length;
  if (answered > 0 && answered < 3) {
    for (const q of ["q1", "q2", "q3"] as const) {
      if (audit[q] === undefined) problems[`alcohol.auditC.${q}`] = "Answer all three AUDIT-C questions, or none";
    }
  }
  if (answers.drugs.level && answers.drugs.level !== "none" && !answers.naloxone) {
    problems.naloxone = "Record whether naloxone was supplied, offered or declined";
  }
  return problems;
}

/** The denormalised columns stored beside the answers, so metrics can count without JSON. */
export function assessmentColumns(answers: AssessmentAnswers) {
  const score = auditCScore(answers.alcohol.auditC);
  return {
    drugsLevel: answers.drugs.level ?? null,
    alcoholLevel: answers.alcohol.level ?? null,
    mentalHealthLevel: answers.mental_health.level ?? null,
    housingLevel: answers.housing.level ?? null,
    moneyLevel: answers.money.level ?? null,
    employmentLevel: answers.employment.level ?? null,
    physicalHealthLevel: answers.physical_health.level ?? null,
    familyLevel: answers.family.level ?? null,
    safetyLevel: answers.safety.level ?? null,
    justiceLevel: answers.justice.level ?? null,
    auditCScore: score,
    hasOverdoseHistory: answers.drugs.hasOverdosedInLast12Months ?? null,
    hasSelfHarmRisk: answers.mental_health.selfHarmRisk ? answers.mental_health.selfHarmRisk !== "none" : null,
    areChildrenAffected:
      answers.family.hasDependentChildren || answers.family.hasConcernForChild
        ? true
        : (answers.family.hasDependentChildren ?? null),
    naloxone: (answers.naloxone as "offered" | "supplied" | "declined" | "not_applicable" | undefined) ?? null,
  };
}

/** Domains at medium or high: what onward referrals answer. */
export function domainsNeedingReferral(answers: AssessmentAnswers): NeedDomain[] {
  return NEED_DOMAINS.filter((d) => answers[d].level === "medium" || answers[d].level === "high");
}

/** Only the sections a person agreed to share: everything else is left out, never hidden. */
export function sharedSections(answers: AssessmentAnswers, domains: readonly NeedDomain[]): Partial<AssessmentAnswers> {
  const shared: Partial<AssessmentAnswers> = {};
  for (const domain of domains) (shared as Record<string, unknown>)[domain] = answers[domain];
  return shared;
}
