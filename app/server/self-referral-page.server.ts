// The request side of the public self-referral page, shared by /h/<code> (a campaign's link) and
// /help (no campaign): read the language and the form, ask the domain, answer in plain words.
// No sign-in, no cookie, nothing kept of the visitor but what they chose to write.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { optOutNumber } from "~/domain/campaign-sending.server";
import { phoneLink } from "~/domain/phone-numbers";
import { checkPublicFormLimit, recordPublicFormSubmission } from "~/domain/public-form-limits.server";
import {
  CONTACT_TIMES,
  SELF_REFERRAL_NEEDS,
  languageTags,
  pageLanguage,
  type Language,
  type PageText,
} from "~/domain/self-referral-text";
import {
  answeringProvider,
  countPageOpen,
  coveredAreas,
  findLiveCampaign,
  normalisePhone,
  submitSelfReferral,
  type PublicProvider,
  type SelfReferralCampaign,
} from "~/domain/self-referrals.server";
import { checkboxes, formValues } from "~/utils/forms";
import { getDb } from "./db.server";

/** Error messages are keys of the page's text, so they are shown in the page's language. */
type TextKey = keyof PageText;

const referSchema = z.object({
  name: z.string({ required_error: "errorName" }).trim().min(1, "errorName").max(60, "errorTooLong"),
  contactBy: z.enum(["phone", "email"], { errorMap: () => ({ message: "errorContact" }) }),
  phone: z.string().trim().max(40, "errorPhone").optional(),
  email: z.string().trim().max(254, "errorEmail").optional(),
  mayLeaveMessage: z.preprocess((v) => v === "yes", z.boolean()),
  contactTimes: checkboxes(z.enum(CONTACT_TIMES)),
  needs: checkboxes(z.enum(SELF_REFERRAL_NEEDS)),
  otherNeeds: z
    .string()
    .trim()
    .max(500, "errorTooLong")
    .optional()
    .transform((v) => v || undefined),
  areaId: z
    .string()
    .max(100)
    .optional()
    .transform((v) => v || null),
  consent: z.literal("yes", { errorMap: () => ({ message: "errorConsent" }) }),
  website: z.string().max(500).optional(),
});

/** The number or address for the way of contact chosen: checked even when other fields are wrong. */
function contactErrors(values: Record<string, unknown>): Record<string, TextKey> {
  const errors: Record<string, TextKey> = Object.create(null);
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  if (values.contactBy === "phone" && !normalisePhone(text(values.phone))) errors.phone = "errorPhone";
  if (values.contactBy === "email" && !z.string().email().max(254).safeParse(text(values.email)).success)
    errors.email = "errorEmail";
  return errors;
}

const stopSchema = z.object({ stopPhone: z.string().trim().min(1, "stopNotFound").max(40, "stopNotFound") });

export type PageState =
  | { kind: "form"; errors?: Record<string, TextKey>; values?: Record<string, string | string[]> }
  | { kind: "sent"; provider: { name: string; phone: { display: string; href: string } | null } }
  | { kind: "too-many" }
  | { kind: "stopped" }
  | { kind: "stop-error"; error: TextKey };

function providerView(provider: PublicProvider | null) {
  return provider ? { name: provider.name, phone: provider.phone ? phoneLink(provider.phone) : null } : null;
}

function languageOf(request: Request): Language {
  return pageLanguage(new URL(request.url).searchParams.get("lang"));
}

/**
 * Someone opening the page, not the page shown again after they sent a form: Remix runs the
 * loader after an action with a GET copy of the POST that keeps its headers, so the form's
 * Content-Type is what tells the two apart.
 */
function isPageOpen(request: Request) {
  return request.method === "GET" && !request.headers.get("Content-Type");
}

/** What the page shows before anything is sent. */
export function selfReferralLoader({ request, params }: LoaderFunctionArgs, withCode: boolean) {
  const db = getDb();
  const language = languageOf(request);
  const base = { language: { ...languageTags[language], code: language } };
  if (withCode) {
    const campaign = findLiveCampaign(db, params.code ?? "");
    if (!campaign) {
      // Still a page that offers help: the default provider's number, and a link to /help.
      return data(
        {
          ...base,
          notFound: true as const,
          campaignCode: null,
          provider: providerView(answeringProvider(db, null, null)),
          areas: [],
        },
        { status: 404 },
      );
    }
    if (isPageOpen(request)) countPageOpen(db, campaign.id);
    return data({
      ...base,
      notFound: false as const,
      campaignCode: campaign.code,
      provider: providerView(answeringProvider(db, campaign, null)),
      areas: [],
    });
  }
  return data({
    ...base,
    notFound: false as const,
    campaignCode: null,
    provider: providerView(answeringProvider(db, null, null)),
    areas: coveredAreas(db),
  });
}

const tooMany = (retryAfterSeconds: number) =>
  data({ kind: "too-many" } satisfies PageState as PageState, {
    status: 429,
    headers: { "Retry-After": String(retryAfterSeconds) },
  });

/** A self-referral, or (campaign links only) a request to stop messages to a number. */
export async function selfReferralAction({ request, params, context }: ActionFunctionArgs, withCode: boolean) {
  const db = getDb();
  const language = languageOf(request);
  let campaign: SelfReferralCampaign | null = null;
  if (withCode) {
    campaign = findLiveCampaign(db, params.code ?? "") ?? null;
    if (!campaign) return data({ kind: "form" } satisfies PageState as PageState, { status: 404 });
  }
  const formData = await request.formData();
  const values = formValues(formData);
  const clientAddress = context.clientAddress ?? null;

  if (values.intent === "stop") {
    if (!campaign) return data({ kind: "form" } satisfies PageState as PageState, { status: 404 });
    const parsed = stopSchema.safeParse(values);
    const phone = parsed.success ? normalisePhone(parsed.data.stopPhone) : null;
    if (!phone)
      return data({ kind: "stop-error", error: "stopNotFound" } satisfies PageState as PageState, { status: 400 });
    const limit = checkPublicFormLimit(db, { address: clientAddress, code: campaign.code });
    if (!limit.allowed) return tooMany(limit.retryAfterSeconds);
    const code = campaign.code;
    db.transaction((tx) => {
      optOutNumber(tx as never, code, phone);
      recordPublicFormSubmission(tx, limit.buckets);
    });
    return data({ kind: "stopped" } satisfies PageState as PageState);
  }

  const parsed = referSchema.safeParse(values);
  const invalidContact = contactErrors(values);
  if (!parsed.success || Object.keys(invalidContact).length) {
    const errors: Record<string, TextKey> = Object.create(null);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const key = issue.path.join(".") || "form";
      const message = issue.message as TextKey;
      errors[key] ??= message.startsWith("error") || message === "stopNotFound" ? message : "errorTooLong";
    }
    Object.assign(errors, invalidContact);
    const echoed: Record<string, string | string[]> = Object.create(null);
    for (const name of [
      "name",
      "contactBy",
      "phone",
      "email",
      "mayLeaveMessage",
      "contactTimes",
      "needs",
      "otherNeeds",
      "areaId",
      "consent",
    ])
      if (values[name] !== undefined) echoed[name] = values[name];
    return data({ kind: "form", errors, values: echoed } satisfies PageState as PageState, { status: 400 });
  }
  const form = parsed.data;
  const result = submitSelfReferral(db, {
    campaign,
    clientAddress,
    input: {
      name: form.name,
      contactBy: form.contactBy,
      phone: form.phone,
      email: form.email,
      mayLeaveMessage: form.mayLeaveMessage,
      contactTimes: form.contactTimes,
      needs: form.needs,
      otherNeeds: form.otherNeeds,
      language,
      areaId: campaign ? null : form.areaId,
      honeypot: form.website,
    },
  });
  switch (result.outcome) {
    case "too_many":
      return tooMany(result.retryAfterSeconds);
    case "ignored":
      // A program filled the hidden field: it is told what a person would be, and nothing is kept.
      return data({
        kind: "sent",
        provider: providerView(answeringProvider(db, campaign, campaign ? null : form.areaId)) ?? {
          name: "",
          phone: null,
        },
      } satisfies PageState as PageState);
    case "no_provider":
      return data({ kind: "form", errors: { areaId: "errorNoProvider" }, values } satisfies PageState as PageState, {
        status: 400,
      });
    case "referred":
      return data({ kind: "sent", provider: providerView(result.provider)! } satisfies PageState as PageState);
  }
}
