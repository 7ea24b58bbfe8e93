// Self-referral: a person asks for support on the public page (/h/<code> from a campaign message,
// or /help), and a referral lands in the queue of the provider who answers, as any referral does.
// Who answers: the campaign's partner provider; without a campaign, the provider covering the
// area the person chose (provider_areas), else the default provider an administrator set
// (decision 032). Nothing about the visitor is kept beyond what they wrote.
import { and, asc, eq, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Db, Queryable } from "#db/connection";
import {
  areas,
  arrestReferrals,
  campaignPageOpens,
  campaigns,
  organisations,
  people,
  providerAreas,
  referralStateChanges,
  selfReferralDetails,
  settings,
  users,
} from "#db/schema";
import { ukDateOf } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { currentConsentWording, insertConsent } from "./consents.server";
import { DomainError } from "./errors";
import { nameKey } from "./people";
import { checkPublicFormLimit, recordPublicFormSubmission } from "./public-form-limits.server";
import {
  CONTACT_TIMES,
  SELF_REFERRAL_NEEDS,
  languageTags,
  pageLanguage,
  pageText,
  type ContactTime,
  type Language,
  type SelfReferralNeed,
} from "./self-referral-text";

/** Settings key: the referral provider that answers self-referrals no area's provider takes. */
export const DEFAULT_PROVIDER_SETTING = "self_referral_default_provider_id";

/** A campaign's code is shown in capitals in messages; people may type it either way. */
export const normaliseCampaignCode = (code: string) => code.trim().toUpperCase();
const CODE_SHAPE = /^[A-Z0-9]{3,16}$/;

/** Campaigns whose messages have not gone out have no live link yet. */
const LIVE_STATUSES = ["approved", "sending", "paused", "stopped", "finished"] as const;

export type SelfReferralCampaign = { id: string; code: string; providerOrganisationId: string; areaId: string | null };

/** The live campaign a link's code names, or undefined (the page answers a friendly 404). */
export function findLiveCampaign(db: Queryable, rawCode: string): SelfReferralCampaign | undefined {
  const code = normaliseCampaignCode(rawCode);
  if (!CODE_SHAPE.test(code)) return undefined;
  const campaign = db
    .select({
      id: campaigns.id,
      code: campaigns.code,
      providerOrganisationId: campaigns.providerOrganisationId,
      areaId: campaigns.areaId,
      status: campaigns.status,
    })
    .from(campaigns)
    .where(eq(sql`upper(${campaigns.code})`, code))
    .get();
  if (!campaign || !(LIVE_STATUSES as readonly string[]).includes(campaign.status)) return undefined;
  return {
    id: campaign.id,
    code: campaign.code,
    providerOrganisationId: campaign.providerOrganisationId,
    areaId: campaign.areaId,
  };
}

export type PublicProvider = { id: string; name: string; phone: string };

function publicProvider(db: Queryable, organisationId: string | null | undefined): PublicProvider | null {
  if (!organisationId) return null;
  const org = db
    .select({ id: organisations.id, name: organisations.name, phone: organisations.phone })
    .from(organisations)
    .where(
      and(
        eq(organisations.id, organisationId),
        eq(organisations.kind, "referral_provider"),
        eq(organisations.isActive, true),
      ),
    )
    .get();
  return org ?? null;
}

export function defaultProvider(db: Queryable): PublicProvider | null {
  const row = db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, DEFAULT_PROVIDER_SETTING))
    .get();
  return publicProvider(db, typeof row?.value === "string" ? row.value : null);
}

/** The local authority areas some active provider covers, for "Where do you live?" on /help. */
export function coveredAreas(db: Queryable): { id: string; name: string }[] {
  return db
    .selectDistinct({ id: areas.id, name: areas.name })
    .from(providerAreas)
    .innerJoin(areas, eq(areas.id, providerAreas.areaId))
    .innerJoin(organisations, eq(organisations.id, providerAreas.organisationId))
    .where(and(eq(areas.kind, "local_authority"), eq(organisations.isActive, true)))
    .orderBy(asc(areas.name))
    .all();
}

/**
 * Who answers a self-referral: the campaign's partner; without a campaign, the first (by name)
 * active provider covering the chosen area; else the default provider; else nobody (the page
 * then offers only the phone numbers it has).
 */
export function answeringProvider(
  db: Queryable,
  campaign: SelfReferralCampaign | null,
  areaId: string | null,
): PublicProvider | null {
  if (campaign) return publicProvider(db, campaign.providerOrganisationId);
  if (areaId) {
    const covering = db
      .select({ id: organisations.id })
      .from(providerAreas)
      .innerJoin(organisations, eq(organisations.id, providerAreas.organisationId))
      .where(
        and(
          eq(providerAreas.areaId, areaId),
          eq(organisations.kind, "referral_provider"),
          eq(organisations.isActive, true),
        ),
      )
      .orderBy(asc(organisations.name))
      .get();
    if (covering) return publicProvider(db, covering.id);
  }
  return defaultProvider(db);
}

/** One more opening of a campaign's page today: a count per campaign and day, nothing about who. */
export function countPageOpen(db: Queryable, campaignId: string, now = new Date()) {
  db.insert(campaignPageOpens)
    .values({ campaignId, day: ukDateOf(now), opens: 1 })
    .onConflictDoUpdate({
      target: [campaignPageOpens.campaignId, campaignPageOpens.day],
      set: { opens: sql`${campaignPageOpens.opens} + 1` },
    })
    .run();
}

export type SelfReferralInput = {
  name: string;
  contactBy: "phone" | "email";
  phone?: string;
  email?: string;
  mayLeaveMessage: boolean;
  contactTimes: ContactTime[];
  needs: SelfReferralNeed[];
  otherNeeds?: string;
  language: Language;
  /** /help only: the local authority area the person chose (null: somewhere else). */
  areaId: string | null;
  /** The field people cannot see; anything in it means a program filled the form. */
  honeypot?: string;
};

export type SelfReferralResult =
  | { outcome: "referred"; referralId: string; provider: PublicProvider }
  /** The honeypot was filled: answered as if sent, nothing written. */
  | { outcome: "ignored" }
  | { outcome: "too_many"; retryAfterSeconds: number }
  | { outcome: "no_provider" };

/** A UK (or international) phone number as E.164, or null when it cannot be one (length and shape; drama numbers pass). */
export function normalisePhone(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, "GB");
  return parsed?.isPossible() ? parsed.number : null;
}

const timeWords: Record<ContactTime, string> = {
  morning: "mornings",
  afternoon: "afternoons",
  evening: "evenings",
  weekend: "weekends",
};

/**
 * The user a self-referral is recorded as created by: the provider's own "self-referral page"
 * account, which can never sign in (inactive, no password). Made on the provider's first one.
 */
function selfReferralPageUser(tx: Queryable, providerOrganisationId: string): string {
  const id = `self-referral-page-${providerOrganisationId}`;
  tx.insert(users)
    .values({
      id,
      email: `self-referral-page+${providerOrganisationId}@pathway.invalid`,
      name: "Self-referral page",
      passwordHash: null,
      role: "referral_worker",
      organisationId: providerOrganisationId,
      isActive: false,
      alertEmails: "never",
    })
    .onConflictDoNothing()
    .run();
  return id;
}

/**
 * Records a self-referral: a person under the name they gave (marked as possibly an alias), the
 * referral in the answering provider's queue, their consent, and what they asked for. Over the
 * rate limit, or with the honeypot filled, nothing at all is written.
 */
export function submitSelfReferral(
  db: Db,
  {
    campaign,
    input,
    clientAddress,
    now = new Date(),
  }: { campaign: SelfReferralCampaign | null; input: SelfReferralInput; clientAddress: string | null; now?: Date },
): SelfReferralResult {
  if (input.honeypot) return { outcome: "ignored" };
  return db.transaction((tx) => {
    const limit = checkPublicFormLimit(tx, {
      address: clientAddress,
      code: campaign?.code ?? null,
      now: now.getTime(),
    });
    if (!limit.allowed) return { outcome: "too_many" as const, retryAfterSeconds: limit.retryAfterSeconds };
    // Only an area the page offered: anything else is "somewhere else".
    const areaId =
      !campaign && input.areaId && coveredAreas(tx).some((a) => a.id === input.areaId) ? input.areaId : null;
    const provider = answeringProvider(tx, campaign, areaId);
    if (!provider) return { outcome: "no_provider" as const };

    const at = now.toISOString();
    const createdBy = selfReferralPageUser(tx, provider.id);
    const phone = input.contactBy === "phone" && input.phone ? normalisePhone(input.phone) : null;
    const personId = newId();
    tx.insert(people)
      .values({
        id: personId,
        givenName: input.name,
        familyName: "",
        dateOfBirth: "",
        givenNameKey: nameKey(input.name),
        familyNameKey: "",
        phone,
        lastActivityAt: at,
        nameIsAlias: true,
      })
      .run();

    const referralId = newId();
    tx.insert(arrestReferrals)
      .values({
        id: referralId,
        personId,
        source: "self_referral",
        campaignId: campaign?.id ?? null,
        providerOrganisationId: provider.id,
        areaId: campaign ? campaign.areaId : areaId,
        custodyEpisodeId: null,
        custodyCentreId: null,
        // The person is in the community, waiting for a call: community follow-up from the start,
        // where the state machine lets the worker record contact attempts (as for an NFO).
        state: "follow_up",
        createdByUserId: createdBy,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    tx.insert(referralStateChanges)
      .values({
        id: newId(),
        arrestReferralId: referralId,
        fromState: null,
        toState: "follow_up",
        actorUserId: createdBy,
        at,
      })
      .run();

    const how =
      input.contactBy === "phone"
        ? `Phone call or text${input.mayLeaveMessage ? "; a message saying who we are is OK" : "; do not leave a message saying who we are"}`
        : `Email ${input.email ?? ""}`;
    const when = input.contactTimes.length ? ` · ${input.contactTimes.map((t) => timeWords[t]).join(", ")}` : "";
    insertConsent(tx, {
      personId,
      arrestReferralId: referralId,
      scope: "self_referral",
      method: "online",
      contactMethod: `${how}${when}`,
      recordedByUserId: createdBy,
      recordedAt: at,
      wordingId: currentConsentWording(tx, "self_referral")?.id ?? null,
    });
    tx.insert(selfReferralDetails)
      .values({
        arrestReferralId: referralId,
        contactBy: input.contactBy,
        email: input.contactBy === "email" ? (input.email ?? null) : null,
        mayLeaveMessage: input.mayLeaveMessage,
        contactTimes: input.contactTimes,
        needs: input.needs,
        otherNeeds: input.otherNeeds ?? null,
        language: input.language,
      })
      .run();
    recordPublicFormSubmission(tx, limit.buckets, now.getTime());
    // No user and no address: the audit row says the person did it themselves, on the page.
    recordAudit(
      tx,
      { userId: null, organisationId: provider.id, ipAddress: null },
      {
        action: "referral.self-referral",
        recordType: "arrest_referral",
        recordId: referralId,
        personId,
        detail: { campaignId: campaign?.id ?? null },
      },
    );
    return { outcome: "referred" as const, referralId, provider };
  });
}

/** What a worker sees of what the person wrote on the page. */
export function selfReferralDetailsFor(db: Queryable, referralId: string) {
  return db.select().from(selfReferralDetails).where(eq(selfReferralDetails.arrestReferralId, referralId)).get();
}

/**
 * Sets (or clears, with null) the provider that answers self-referrals from /help that no
 * area's provider takes. Only an active referral provider may be chosen.
 */
export function setDefaultSelfReferralProvider(db: Db, audit: ActorAudit, organisationId: string | null) {
  db.transaction((tx) => {
    if (organisationId && !publicProvider(tx, organisationId))
      throw new DomainError("Choose a referral provider that is active", { field: "defaultProvider", status: 400 });
    if (organisationId)
      tx.insert(settings)
        .values({ key: DEFAULT_PROVIDER_SETTING, value: organisationId })
        .onConflictDoUpdate({ target: settings.key, set: { value: organisationId } })
        .run();
    else tx.delete(settings).where(eq(settings.key, DEFAULT_PROVIDER_SETTING)).run();
    recordAudit(tx, audit, {
      action: "settings.self-referral-provider",
      recordType: "organisation",
      recordId: organisationId ?? undefined,
    });
  });
}

/** The active referral providers an administrator may choose as the default. */
export function referralProviderChoices(db: Queryable) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, "referral_provider"), eq(organisations.isActive, true)))
    .orderBy(asc(organisations.name))
    .all();
}

/** What the worker's case page shows of what the person wrote on the page (in English). */
export function selfReferralView(db: Queryable, referralId: string) {
  const details = selfReferralDetailsFor(db, referralId);
  if (!details) return null;
  const english = pageText.en;
  const language = pageLanguage(details.language);
  return {
    needs: details.needs.filter(isSelfReferralNeed).map((n) => english.needs[n]),
    otherNeeds: details.otherNeeds,
    contactBy: details.contactBy === "phone" ? english.contactPhone : english.contactEmail,
    email: details.email,
    mayLeaveMessage: details.mayLeaveMessage,
    contactTimes: details.contactTimes.filter(isContactTime).map((t) => english.times[t]),
    language: languageTags[language].name === "English" ? "English" : `${languageTags[language].name} (${language})`,
  };
}

const isSelfReferralNeed = (n: string): n is SelfReferralNeed => (SELF_REFERRAL_NEEDS as readonly string[]).includes(n);
const isContactTime = (t: string): t is ContactTime => (CONTACT_TIMES as readonly string[]).includes(t);
