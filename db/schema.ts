// The whole Pathway data model in one drizzle schema. Later work fills in behaviour; the
// tables are shaped for it now. Times are stored as ISO-8601 UTC text, dates as YYYY-MM-DD.
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";

const id = () => text("id").primaryKey();
/**
 * A record's fixed random key for disclosure control (cell-key perturbation, decision 013): an
 * integer in [0, RECORD_KEY_RANGE), set once by a trigger on insert (migration) and never changed.
 */
const recordKey = () => integer("record_key");
const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const AREA_KINDS = ["police_division", "local_authority", "adp"] as const;
export const ORGANISATION_KINDS = [
  "police",
  "referral_provider",
  "service_provider",
  "commissioner",
  "operator",
] as const;
export const ROLES = [
  "custody_officer",
  "police_officer",
  "referral_worker",
  "service_worker",
  "commissioner",
  "administrator",
] as const;
export const SERVICE_KINDS = [
  "drug_alcohol_treatment",
  "mental_health",
  "housing",
  "money_advice",
  "employment",
  "family_support",
  "harm_reduction",
  "physical_health",
  "other",
] as const;
export const NEED_DOMAINS = [
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
] as const;
export const OFFER_RESULTS = ["accepted", "declined", "not_fit", "not_offered"] as const;
export const REFERRAL_STATES = ["new", "claimed", "follow_up", "assessed", "closed"] as const;
/** The door a referral came through (decision 014): custody, or one of the doors outside it. */
export const REFERRAL_SOURCES = ["custody", "naloxone", "patrol", "self_referral"] as const;
export const CAMPAIGN_STATUSES = [
  "draft",
  "awaiting_approval",
  "approved",
  "sending",
  "paused",
  "stopped",
  "finished",
] as const;
export const CONSENT_SCOPES = [
  "speak_to_worker",
  "share_assessment_with_service",
  "contact_after_release",
  "share_outcomes_with_custody",
  // A referral an officer makes on patrol straight to a service (issue 20), and whether the
  // referring force may see how it went.
  "refer_to_service",
  "share_outcomes_with_police",
  "self_referral",
] as const;
/** HL7 FHIR R4 Task.status values used for onward referrals. */
export const ONWARD_REFERRAL_STATUSES = [
  "requested",
  "accepted",
  "rejected",
  "in-progress",
  "on-hold",
  "completed",
  "failed",
  "cancelled",
] as const;
export const OUTCOME_EVENT_KINDS = [
  "accepted",
  "declined",
  "appointment_booked",
  "attended",
  "did_not_attend",
  "engagement_check_4_weeks",
  "engagement_check_12_weeks",
  "on_hold",
  "resumed",
  "ended",
  "cancelled",
] as const;

export const ALERT_EMAIL_CHOICES = ["immediately", "daily", "never"] as const;
export const MESSAGE_CHANNELS = ["email", "sms"] as const;
export const MESSAGE_STATUSES = ["queued", "sending", "sent", "held", "failed", "cancelled"] as const;
export const MESSAGE_PROVIDERS = ["notify", "smtp", "outbox"] as const;

/** How the person was when the officer found them (naloxone administration report). */
export const PATIENT_STATES = ["not_breathing", "unresponsive", "drowsy", "alert"] as const;

export type Role = (typeof ROLES)[number];
export type PatientState = (typeof PATIENT_STATES)[number];
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type AreaKind = (typeof AREA_KINDS)[number];
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type NeedDomain = (typeof NEED_DOMAINS)[number];
export type OfferResult = (typeof OFFER_RESULTS)[number];
export type ReferralState = (typeof REFERRAL_STATES)[number];
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type OnwardReferralStatus = (typeof ONWARD_REFERRAL_STATUSES)[number];
export type OutcomeEventKind = (typeof OUTCOME_EVENT_KINDS)[number];

// ---------------------------------------------------------------- areas and organisations

export const areas = sqliteTable(
  "areas",
  {
    id: id(),
    kind: text("kind", { enum: AREA_KINDS }).notNull(),
    name: text("name").notNull(),
    code: text("code").notNull(),
    /** A local authority's Alcohol and Drug Partnership. */
    parentAreaId: text("parent_area_id").references((): AnySQLiteColumn => areas.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("areas_kind_code").on(t.kind, t.code)],
);

export const organisations = sqliteTable("organisations", {
  id: id(),
  name: text("name").notNull().unique(),
  kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
  description: text("description").notNull().default(""),
  email: text("email").notNull().default(""),
  phone: text("phone").notNull().default(""),
  website: text("website").notNull().default(""),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  /** Referral providers: minutes before a waiting referral is overdue. */
  queueOverdueMinutes: integer("queue_overdue_minutes").notNull().default(60),
  /** Referral providers: failed contact attempts before closure is suggested. */
  followUpAttemptLimit: integer("follow_up_attempt_limit").notNull().default(3),
  /** Commissioners with national reach see every area. */
  fundsAllAreas: integer("funds_all_areas", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: text("updated_at"),
});

export const custodyCentres = sqliteTable("custody_centres", {
  id: id(),
  name: text("name").notNull().unique(),
  code: text("code").notNull().unique(),
  policeOrganisationId: text("police_organisation_id")
    .notNull()
    .references(() => organisations.id),
  divisionAreaId: text("division_area_id")
    .notNull()
    .references(() => areas.id),
  localAuthorityAreaId: text("local_authority_area_id")
    .notNull()
    .references(() => areas.id),
  /** A regular expression a custody reference at this centre must match. */
  custodyReferencePattern: text("custody_reference_pattern").notNull(),
  custodyReferenceExample: text("custody_reference_example").notNull(),
  hours: text("hours").notNull().default("24 hours"),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  createdAt: createdAt(),
});

/** Which custody centres an arrest referral provider covers. */
export const providerCentres = sqliteTable(
  "provider_centres",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    custodyCentreId: text("custody_centre_id")
      .notNull()
      .references(() => custodyCentres.id),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.custodyCentreId] }),
    index("provider_centres_centre").on(t.custodyCentreId),
  ],
);

/**
 * Which local authority areas a referral provider covers outside custody: naloxone follow-ups
 * and self-referrals from there reach its queue.
 */
export const providerAreas = sqliteTable(
  "provider_areas",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    areaId: text("area_id")
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.areaId] }), index("provider_areas_area").on(t.areaId)],
);

/** Which areas a commissioning organisation funds. */
export const commissionerAreas = sqliteTable(
  "commissioner_areas",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    areaId: text("area_id")
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.areaId] })],
);

// ---------------------------------------------------------------- service directory

export const services = sqliteTable(
  "services",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: SERVICE_KINDS }).notNull(),
    description: text("description").notNull().default(""),
    /** The address as one line, as pages show it: the structured parts below joined. */
    address: text("address").notNull().default(""),
    /** The address in HSDS's parts, so an export never has to guess where the town is. */
    addressLine1: text("address_line_1").notNull().default(""),
    addressLine2: text("address_line_2").notNull().default(""),
    city: text("city").notNull().default(""),
    region: text("region").notNull().default(""),
    postcode: text("postcode").notNull().default(""),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    /** Where Pathway emails news of new referrals (no personal data); the public email when empty. */
    referralEmail: text("referral_email").notNull().default(""),
    website: text("website").notNull().default(""),
    hours: text("hours").notNull().default(""),
    eligibility: text("eligibility").notNull().default(""),
    /** HSDS fields Pathway keeps so an import and an export lose nothing. */
    alternateName: text("alternate_name").notNull().default(""),
    feesDescription: text("fees_description").notNull().default(""),
    applicationProcess: text("application_process").notNull().default(""),
    interpretationServices: text("interpretation_services").notNull().default(""),
    minimumAge: integer("minimum_age"),
    maximumAge: integer("maximum_age"),
    isTakingReferrals: integer("is_taking_referrals", { mode: "boolean" }).notNull().default(true),
    capacityPerMonth: integer("capacity_per_month"),
    typicalWaitDays: integer("typical_wait_days"),
    lastVerifiedAt: text("last_verified_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("services_organisation").on(t.organisationId)],
);

export const serviceAreas = sqliteTable(
  "service_areas",
  {
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    areaId: text("area_id")
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.areaId] }), index("service_areas_area").on(t.areaId)],
);

// ---------------------------------------------------------------- users and sessions

export const users = sqliteTable(
  "users",
  {
    id: id(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    phone: text("phone").notNull().default(""),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    lastSignInAt: text("last_sign_in_at"),
    failedSignInCount: integer("failed_sign_in_count").notNull().default(0),
    firstFailedSignInAt: text("first_failed_sign_in_at"),
    lockedUntil: text("locked_until"),
    totpSecret: text("totp_secret"),
    totpEnabledAt: text("totp_enabled_at"),
    /** The last 30-second TOTP step spent: a code of that step or an earlier one never works again. */
    totpLastUsedStep: integer("totp_last_used_step"),
    /** SHA-256 hashes of unused two-factor recovery codes (JSON array). */
    recoveryCodeHashes: text("recovery_code_hashes", { mode: "json" }).$type<string[]>(),
    /** The custody centre a custody officer last worked at, remembered for them. */
    currentCustodyCentreId: text("current_custody_centre_id").references(() => custodyCentres.id),
    /** Whether the user's own alerts also come by email: at once, in a daily digest, or never. */
    alertEmails: text("alert_emails", { enum: ALERT_EMAIL_CHOICES }).notNull().default("immediately"),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
  },
  (t) => [index("users_organisation").on(t.organisationId)],
);

/** Sessions live in the database so that sign-out and deactivation end them on the server. */
export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the random token in the cookie; the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Single-use links to set a password: invitations and resets. */
export const passwordTokens = sqliteTable("password_tokens", {
  id: id(),
  tokenHash: text("token_hash").notNull().unique(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  purpose: text("purpose", { enum: ["invitation", "reset"] }).notNull(),
  createdByUserId: text("created_by_user_id").references(() => users.id),
  createdAt: createdAt(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

export const apiKeys = sqliteTable("api_keys", {
  id: id(),
  organisationId: text("organisation_id")
    .notNull()
    .references(() => organisations.id),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  createdByUserId: text("created_by_user_id").references(() => users.id),
  createdAt: createdAt(),
  lastUsedAt: text("last_used_at"),
  revokedAt: text("revoked_at"),
});

// ---------------------------------------------------------------- people and custody

export const people = sqliteTable(
  "people",
  {
    id: id(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    dateOfBirth: text("date_of_birth").notNull(),
    /** Lower-cased, accent-free, letters only: what matching compares. */
    givenNameKey: text("given_name_key").notNull(),
    familyNameKey: text("family_name_key").notNull(),
    policeIdentifier: text("police_identifier"),
    healthIdentifier: text("health_identifier"),
    /** Held only when the person consented to be contacted after release. */
    phone: text("phone"),
    /** Set when a text to `phone` came back as a permanent failure: no more texts to it. */
    phoneNotWorkingAt: text("phone_not_working_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
    lastActivityAt: text("last_activity_at"),
    anonymisedAt: text("anonymised_at"),
    /**
     * Why custody made a new person although someone with the same name and date of birth was
     * known (twins, a common name): kept so a later merge can be judged.
     */
    newPersonReason: text("new_person_reason"),
    /** Set when an administrator merged this duplicate into another person (person_merges). */
    mergedIntoPersonId: text("merged_into_person_id"),
    /**
     * False for someone an officer gave naloxone to but could not name (decision 029): their
     * name and date of birth are empty until a worker learns who they are, and matching and
     * search never offer them.
     */
    isIdentified: integer("is_identified", { mode: "boolean" }).notNull().default(true),
    /**
     * The person gave only a first name or a made-up one (a self-referral): no family name or
     * date of birth. Matching never offers such a record, so it is never merged silently.
     */
    nameIsAlias: integer("name_is_alias", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("people_dob").on(t.dateOfBirth),
    // Search and matching read through merges: who was merged into this person.
    index("people_merged_into").on(t.mergedIntoPersonId),
    // Matching at booking: a family name near a date of birth (and any use of the name alone).
    index("people_family_key_dob").on(t.familyNameKey, t.dateOfBirth),
    index("people_police_identifier").on(t.policeIdentifier),
    index("people_health_identifier").on(t.healthIdentifier),
    // Matching at booking compares identifiers whatever their case: upper(...) = upper(typed).
    index("people_police_identifier_upper").on(sql`upper(${t.policeIdentifier})`),
    index("people_health_identifier_upper").on(sql`upper(${t.healthIdentifier})`),
    // Retention looks only at people whose own record is past the cutoff (retention.server.ts).
    // drizzle-kit writes this index wrongly (it splits the expression at its comma): a migration
    // that rebuilds people must have its CREATE INDEX put right by hand, as 0006 was.
    index("people_retention")
      .on(sql`coalesce(${t.lastActivityAt}, ${t.createdAt})`)
      .where(sql`${t.anonymisedAt} IS NULL`),
  ],
);

/**
 * An administrator's merge of a duplicate person into the one that stays. `moved` lists the ids
 * of every row that changed person (by table), so that an administrator can undo the merge
 * exactly (keys are "table.column"). Audit rows never change (the log is append-only): the audit of the merged person is
 * read through this table.
 */
export const personMerges = sqliteTable(
  "person_merges",
  {
    id: id(),
    survivingPersonId: text("surviving_person_id")
      .notNull()
      .references(() => people.id),
    mergedPersonId: text("merged_person_id")
      .notNull()
      .references(() => people.id),
    reason: text("reason").notNull(),
    moved: text("moved", { mode: "json" }).notNull().$type<Record<string, string[]>>(),
    /**
     * The surviving person's details the merge filled in from the duplicate (phone, identifiers)
     * or moved on (last activity), as they were before: undo puts them back.
     */
    survivorBefore: text("survivor_before", { mode: "json" }).$type<Record<string, string | null>>(),
    mergedByUserId: text("merged_by_user_id")
      .notNull()
      .references(() => users.id),
    mergedAt: text("merged_at").notNull(),
    undoneAt: text("undone_at"),
    undoneByUserId: text("undone_by_user_id").references(() => users.id),
    undoReason: text("undo_reason"),
  },
  (t) => [index("person_merges_surviving").on(t.survivingPersonId), index("person_merges_merged").on(t.mergedPersonId)],
);

export type PersonMerge = typeof personMerges.$inferSelect;

/**
 * An offer of arrest referral at booking. Declined and not-offered results hold no personal
 * data at all; "not fit now" holds only the custody reference so it can be offered again.
 */
export const custodyOffers = sqliteTable(
  "custody_offers",
  {
    id: id(),
    recordKey: recordKey(),
    custodyCentreId: text("custody_centre_id")
      .notNull()
      .references(() => custodyCentres.id),
    result: text("result", { enum: OFFER_RESULTS }).notNull(),
    notOfferedReason: text("not_offered_reason"),
    notOfferedReasonText: text("not_offered_reason_text"),
    custodyReference: text("custody_reference"),
    custodyEpisodeId: text("custody_episode_id").references(() => custodyEpisodes.id),
    /** For a "not fit now" offer: when it was offered again (and so left the centre page). */
    reofferedAt: text("reoffered_at"),
    recordedByUserId: text("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [
    index("custody_offers_centre_time").on(t.custodyCentreId, t.recordedAt),
    // Commissioners' figures for all areas read a period of offers.
    index("custody_offers_time").on(t.recordedAt),
  ],
);

export const custodyEpisodes = sqliteTable(
  "custody_episodes",
  {
    id: id(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    custodyCentreId: text("custody_centre_id")
      .notNull()
      .references(() => custodyCentres.id),
    custodyReference: text("custody_reference").notNull(),
    arrivedAt: text("arrived_at").notNull(),
    releasedAt: text("released_at"),
    /** JSON array of need domains the person disclosed at booking. */
    disclosedNeeds: text("disclosed_needs", { mode: "json" }).$type<NeedDomain[]>().notNull(),
    disclosedOther: text("disclosed_other"),
    safetyNotes: text("safety_notes").notNull().default(""),
    recordedByUserId: text("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("custody_episodes_centre_reference").on(t.custodyCentreId, t.custodyReference),
    index("custody_episodes_person").on(t.personId),
  ],
);

export const consentWordings = sqliteTable(
  "consent_wordings",
  {
    id: id(),
    scope: text("scope", { enum: CONSENT_SCOPES }).notNull(),
    version: integer("version").notNull(),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("consent_wordings_scope_version").on(t.scope, t.version)],
);

/** Each consent is its own record; withdrawal stamps it and never deletes it. */
export const consents = sqliteTable(
  "consents",
  {
    id: id(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    scope: text("scope", { enum: CONSENT_SCOPES }).notNull(),
    arrestReferralId: text("arrest_referral_id").references((): AnySQLiteColumn => arrestReferrals.id),
    /** For sharing an assessment: the named service. */
    serviceId: text("service_id").references(() => services.id),
    /** For sharing an assessment: which sections (JSON array of need domains). */
    sharedDomains: text("shared_domains", { mode: "json" }).$type<NeedDomain[]>(),
    /** For contact after release: how the person agreed to be contacted. */
    contactMethod: text("contact_method"),
    /** How it was given: said aloud, signed, or ticked by the person on the self-referral page. */
    method: text("method", { enum: ["verbal", "signed", "online"] }).notNull(),
    wordingId: text("wording_id").references(() => consentWordings.id),
    recordedByUserId: text("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
    withdrawnAt: text("withdrawn_at"),
    withdrawnByUserId: text("withdrawn_by_user_id").references(() => users.id),
    withdrawalNote: text("withdrawal_note"),
  },
  (t) => [index("consents_person_scope").on(t.personId, t.scope), index("consents_referral").on(t.arrestReferralId)],
);

// ---------------------------------------------------------------- arrest referrals

export const arrestReferrals = sqliteTable(
  "arrest_referrals",
  {
    id: id(),
    recordKey: recordKey(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    /** Where the referral came from; the custody columns are null for the other doors. */
    source: text("source", { enum: REFERRAL_SOURCES }).notNull().default("custody"),
    custodyEpisodeId: text("custody_episode_id")
      .unique()
      .references(() => custodyEpisodes.id),
    custodyCentreId: text("custody_centre_id").references(() => custodyCentres.id),
    /** The referral provider holding a case that did not start in custody. */
    providerOrganisationId: text("provider_organisation_id").references(() => organisations.id),
    /** The force whose officer made a naloxone report or a patrol referral. */
    policeOrganisationId: text("police_organisation_id").references(() => organisations.id),
    /** The local authority area a referral from outside custody belongs to. */
    areaId: text("area_id").references(() => areas.id),
    campaignId: text("campaign_id").references((): AnySQLiteColumn => campaigns.id),
    state: text("state", { enum: REFERRAL_STATES }).notNull().default("new"),
    assignedWorkerId: text("assigned_worker_id").references(() => users.id),
    assignedOrganisationId: text("assigned_organisation_id").references(() => organisations.id),
    closureReason: text("closure_reason"),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    claimedAt: text("claimed_at"),
    /** When a worker first met or spoke with the person. */
    firstContactAt: text("first_contact_at"),
    releasedBeforeSeen: integer("released_before_seen", { mode: "boolean" }).notNull().default(false),
    /**
     * An NFO follow-up made before the person could agree to anything (decision 029): until
     * their consent to see a worker is recorded, only contact attempts may be made.
     */
    awaitingConsent: integer("awaiting_consent", { mode: "boolean" }).notNull().default(false),
    closedAt: text("closed_at"),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("arrest_referrals_centre_state").on(t.custodyCentreId, t.state, t.createdAt),
    index("arrest_referrals_person").on(t.personId),
    index("arrest_referrals_worker").on(t.assignedWorkerId, t.state),
    index("arrest_referrals_created").on(t.createdAt),
    index("arrest_referrals_provider_state").on(t.providerOrganisationId, t.state, t.createdAt),
    index("arrest_referrals_police").on(t.policeOrganisationId, t.createdAt),
    // The few referrals from outside custody, by source and time, holding all the by-source figure reads.
    index("arrest_referrals_outside_custody")
      .on(t.source, t.createdAt, t.areaId, t.closureReason, t.recordKey, t.custodyCentreId)
      .where(sql`${t.custodyCentreId} IS NULL`),
  ],
);

/**
 * An outreach campaign: a force texts numbers found in an investigation, offering support; a
 * partner provider answers the self-referrals that come back (issue 21).
 */
export const campaigns = sqliteTable("campaigns", {
  id: id(),
  name: text("name").notNull(),
  /** The short code in the message's link: it names the campaign, never the person. */
  code: text("code").notNull().unique(),
  policeOrganisationId: text("police_organisation_id")
    .notNull()
    .references(() => organisations.id),
  providerOrganisationId: text("provider_organisation_id")
    .notNull()
    .references(() => organisations.id),
  commissionerOrganisationId: text("commissioner_organisation_id").references(() => organisations.id),
  areaId: text("area_id").references(() => areas.id),
  status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
  createdByUserId: text("created_by_user_id")
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  updatedAt: text("updated_at"),
  // Issue 21: the campaign's own details, text, sending and retention.
  /** The force's own reference for the investigation: shown to nobody outside the force. */
  investigationReference: text("investigation_reference").notNull().default(""),
  /** The text, with ((link)) where the campaign's link goes (app/domain/campaign-wording.ts). */
  template: text("template").notNull().default(""),
  /** Texts a minute at most (GOV.UK Notify allows 3,000 a minute for a service). */
  ratePerMinute: integer("rate_per_minute").notNull().default(600),
  /** Days the numbers are kept after sending ends (for delivery receipts), then erased. */
  retentionDays: integer("retention_days").notNull().default(14),
  /** Counts from the last upload of numbers (never the numbers). */
  uploadSummary: text("upload_summary", { mode: "json" }).$type<CampaignUploadSummary>(),
  numbersUploadedAt: text("numbers_uploaded_at"),
  sendingStartedAt: text("sending_started_at"),
  sendingFinishedAt: text("sending_finished_at"),
  /** When the numbers were replaced by their keyed hashes (retention). */
  numbersErasedAt: text("numbers_erased_at"),
});

/**
 * A police officer's naloxone administration report: a near-fatal overdose (NFO). Each creates
 * a follow-up referral for the provider covering the area (decision 029); the person may not be
 * known yet. Counted in the NFO group view, so it carries a record key.
 */
export const naloxoneReports = sqliteTable(
  "naloxone_reports",
  {
    id: id(),
    recordKey: recordKey(),
    policeOrganisationId: text("police_organisation_id")
      .notNull()
      .references(() => organisations.id),
    reportedByUserId: text("reported_by_user_id")
      .notNull()
      .references(() => users.id),
    /** When naloxone was given (ISO UTC). */
    administeredAt: text("administered_at").notNull(),
    /** The local authority area where it happened. */
    areaId: text("area_id")
      .notNull()
      .references(() => areas.id),
    postcode: text("postcode").notNull().default(""),
    locationDescription: text("location_description").notNull().default(""),
    patientState: text("patient_state", { enum: PATIENT_STATES }).notNull(),
    paraphernaliaPresent: integer("paraphernalia_present", { mode: "boolean" }).notNull(),
    doses: integer("doses").notNull(),
    ambulanceResponded: integer("ambulance_responded", { mode: "boolean" }).notNull(),
    takenToHospital: integer("taken_to_hospital", { mode: "boolean" }).notNull(),
    /** The person (a not-yet-identified person row when the officer could not name them). */
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    /** Whether the officer named the person in the report. */
    personNamedByOfficer: integer("person_named_by_officer", { mode: "boolean" }).notNull(),
    /** The follow-up it created; null when no provider covers the area. */
    arrestReferralId: text("arrest_referral_id").references(() => arrestReferrals.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("naloxone_reports_area_time").on(t.areaId, t.administeredAt),
    index("naloxone_reports_time").on(t.administeredAt),
    index("naloxone_reports_person").on(t.personId, t.administeredAt),
    index("naloxone_reports_police").on(t.policeOrganisationId, t.createdAt),
    // One report per follow-up: the worker queue joins the report to its referral (decision 035).
    uniqueIndex("naloxone_reports_one_per_referral").on(t.arrestReferralId),
  ],
);

export const referralStateChanges = sqliteTable(
  "referral_state_changes",
  {
    id: id(),
    arrestReferralId: text("arrest_referral_id")
      .notNull()
      .references(() => arrestReferrals.id),
    fromState: text("from_state", { enum: REFERRAL_STATES }),
    toState: text("to_state", { enum: REFERRAL_STATES }).notNull(),
    reason: text("reason"),
    actorUserId: text("actor_user_id")
      .notNull()
      .references(() => users.id),
    at: text("at").notNull(),
  },
  (t) => [index("referral_state_changes_referral").on(t.arrestReferralId, t.at)],
);

export const contactAttempts = sqliteTable(
  "contact_attempts",
  {
    id: id(),
    arrestReferralId: text("arrest_referral_id")
      .notNull()
      .references(() => arrestReferrals.id),
    attemptedAt: text("attempted_at").notNull(),
    method: text("method", { enum: ["phone", "text", "letter", "visit", "other"] }).notNull(),
    result: text("result", {
      enum: ["no_answer", "left_message", "spoke", "wrong_number", "declined", "other"],
    }).notNull(),
    note: text("note").notNull().default(""),
    workerUserId: text("worker_user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [index("contact_attempts_referral").on(t.arrestReferralId)],
);

/**
 * A versioned needs assessment. The full structured answers live in `answers`; the level of
 * each domain and the risk flags are also columns so that metrics can count them cheaply.
 */
export const needsAssessments = sqliteTable(
  "needs_assessments",
  {
    id: id(),
    recordKey: recordKey(),
    arrestReferralId: text("arrest_referral_id")
      .notNull()
      .references(() => arrestReferrals.id),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    assessmentVersion: integer("assessment_version").notNull().default(1),
    status: text("status", { enum: ["draft", "completed", "superseded"] }).notNull(),
    workerUserId: text("worker_user_id")
      .notNull()
      .references(() => users.id),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    answers: text("answers", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    drugsLevel: text("drugs_level"),
    alcoholLevel: text("alcohol_level"),
    mentalHealthLevel: text("mental_health_level"),
    housingLevel: text("housing_level"),
    moneyLevel: text("money_level"),
    employmentLevel: text("employment_level"),
    physicalHealthLevel: text("physical_health_level"),
    familyLevel: text("family_level"),
    safetyLevel: text("safety_level"),
    justiceLevel: text("justice_level"),
    auditCScore: integer("audit_c_score"),
    hasOverdoseHistory: integer("has_overdose_history", { mode: "boolean" }),
    hasSelfHarmRisk: integer("has_self_harm_risk", { mode: "boolean" }),
    areChildrenAffected: integer("are_children_affected", { mode: "boolean" }),
    naloxone: text("naloxone", { enum: ["offered", "supplied", "declined", "not_applicable"] }),
    startedAt: text("started_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    completedAt: text("completed_at"),
    rowVersion: integer("row_version").notNull().default(1),
  },
  (t) => [
    index("needs_assessments_referral").on(t.arrestReferralId, t.assessmentVersion),
    index("needs_assessments_person").on(t.personId),
    // The needs profile counts the assessments completed in a period.
    index("needs_assessments_completed").on(t.completedAt),
  ],
);

// ---------------------------------------------------------------- onward referrals

export const onwardReferrals = sqliteTable(
  "onward_referrals",
  {
    id: id(),
    recordKey: recordKey(),
    arrestReferralId: text("arrest_referral_id")
      .notNull()
      .references(() => arrestReferrals.id),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    needDomain: text("need_domain", { enum: NEED_DOMAINS }).notNull(),
    priority: text("priority", { enum: ["routine", "urgent"] })
      .notNull()
      .default("routine"),
    note: text("note").notNull().default(""),
    /** The consent to share the assessment with this service; sharing follows it. */
    consentId: text("consent_id").references(() => consents.id),
    outOfAreaReason: text("out_of_area_reason"),
    status: text("status", { enum: ONWARD_REFERRAL_STATUSES }).notNull().default("requested"),
    statusReason: text("status_reason"),
    statusReasonText: text("status_reason_text"),
    createdByUserId: text("created_by_user_id")
      .notNull()
      .references(() => users.id),
    referringOrganisationId: text("referring_organisation_id")
      .notNull()
      .references(() => organisations.id),
    createdAt: text("created_at").notNull(),
    respondedAt: text("responded_at"),
    firstAppointmentAt: text("first_appointment_at"),
    firstAttendedAt: text("first_attended_at"),
    lastOutcomeAt: text("last_outcome_at"),
    endedAt: text("ended_at"),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("onward_referrals_service_status").on(t.serviceId, t.status, t.createdAt),
    index("onward_referrals_referral").on(t.arrestReferralId),
    index("onward_referrals_person").on(t.personId),
    index("onward_referrals_updated").on(t.updatedAt),
    // Commissioners' figures count the onward referrals sent in a period.
    index("onward_referrals_created").on(t.createdAt),
    // Waiting times leave out appointments still to come, of onward referrals sent in the period.
    index("onward_referrals_first_appointment").on(t.firstAppointmentAt, t.createdAt),
    // The open ones only (about one in thirty), with all that the overdue rule reads: overdue
    // feedback is counted and listed from here. The list is OPEN_ONWARD_STATUSES, word for word:
    // a query uses the index only when it names the same list (openOnwardReferral, overdue.server.ts).
    index("onward_referrals_open")
      .on(t.serviceId, t.arrestReferralId, t.status, t.createdAt, t.respondedAt, t.lastOutcomeAt, t.recordKey)
      .where(sql`${t.status} IN ('requested', 'accepted', 'in-progress', 'on-hold')`),
  ],
);

/** Append-only log of what was reported about an onward referral. */
export const outcomeEvents = sqliteTable(
  "outcome_events",
  {
    id: id(),
    onwardReferralId: text("onward_referral_id")
      .notNull()
      .references(() => onwardReferrals.id),
    kind: text("kind", { enum: OUTCOME_EVENT_KINDS }).notNull(),
    /** Kind-specific detail: appointment date and place, engagement level, end reason. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    occurredOn: text("occurred_on").notNull(),
    reportedByUserId: text("reported_by_user_id").references(() => users.id),
    reportedByOrganisationId: text("reported_by_organisation_id")
      .notNull()
      .references(() => organisations.id),
    source: text("source", { enum: ["web", "api", "csv"] }).notNull(),
    /** Identifies an event from an upload so the same file twice does not count twice. */
    importKey: text("import_key").unique(),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [index("outcome_events_onward_referral").on(t.onwardReferralId, t.recordedAt)],
);

// ---------------------------------------------------------------- everything else

export const notifications = sqliteTable(
  "notifications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    link: text("link"),
    /** Who it is about: the list names them only if the reader may see that person. */
    personId: text("person_id").references(() => people.id),
    /**
     * Notices with the same key are one line of the list (a daily digest of overdue feedback per
     * service); null: a line of its own.
     */
    groupKey: text("group_key"),
    createdAt: text("created_at").notNull(),
    readAt: text("read_at"),
  },
  (t) => [
    // With the group and id, the header badge's unread count reads only this index.
    index("notifications_user").on(t.userId, t.readAt, t.groupKey, t.id),
    index("notifications_user_group").on(t.userId, t.groupKey, t.createdAt),
    // The overdue-feedback job looks up whether a referral was already chased, by kind and link.
    index("notifications_kind_link").on(t.kind, t.link),
  ],
);

/**
 * Every email and text message that leaves Pathway, whatever the channel: the queue the message
 * job sends from, and the record of each attempt and of delivery. Our id is the idempotency
 * reference given to the provider (Notify's `reference`, the email's Message-ID).
 */
export const messages = sqliteTable(
  "messages",
  {
    id: id(),
    /** What it is about, e.g. "appointment.reminder" (app/domain/message-templates.ts). */
    type: text("type").notNull(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    /** Email address or phone number. */
    recipient: text("recipient").notNull(),
    recipientUserId: text("recipient_user_id").references(() => users.id),
    recipientServiceId: text("recipient_service_id").references(() => services.id),
    /** For texts: the person, so consent and the number are checked again before sending. */
    personId: text("person_id").references(() => people.id),
    /** The case a text is about, whose worker hears if the number does not work. */
    arrestReferralId: text("arrest_referral_id").references(() => arrestReferrals.id),
    /** For an appointment reminder: the onward referral, whose latest booking it must still be. */
    onwardReferralId: text("onward_referral_id").references(() => onwardReferrals.id),
    template: text("template").notNull(),
    personalisation: text("personalisation", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    /** Makes a message once only (a reminder per appointment, a digest per week). */
    dedupeKey: text("dedupe_key").unique(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull().default("queued"),
    statusReason: text("status_reason"),
    provider: text("provider", { enum: MESSAGE_PROVIDERS }),
    providerId: text("provider_id"),
    /** JSON array of { at, provider, error? }: every attempt, in order. */
    attempts: text("attempts", { mode: "json" })
      .$type<MessageAttempt[]>()
      .notNull()
      .default(sql`'[]'`),
    attemptCount: integer("attempt_count").notNull().default(0),
    /** When the job may next try: a reminder's time, or a retry after backoff. */
    nextAttemptAt: text("next_attempt_at").notNull(),
    lastAttemptAt: text("last_attempt_at"),
    sentAt: text("sent_at"),
    deliveryStatus: text("delivery_status"),
    deliveryStatusAt: text("delivery_status_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("messages_due").on(t.status, t.nextAttemptAt),
    index("messages_created").on(t.createdAt),
    index("messages_provider_id").on(t.providerId),
  ],
);

export type MessageAttempt = {
  at: string;
  provider: (typeof MESSAGE_PROVIDERS)[number];
  error?: string;
  providerId?: string;
};

/** Detentions per centre per month: the denominator for referral rates. */
export const custodyThroughput = sqliteTable(
  "custody_throughput",
  {
    id: id(),
    recordKey: recordKey(),
    custodyCentreId: text("custody_centre_id")
      .notNull()
      .references(() => custodyCentres.id),
    month: text("month").notNull(),
    detentions: integer("detentions").notNull(),
    disclosedDrugs: integer("disclosed_drugs"),
    disclosedAlcohol: integer("disclosed_alcohol"),
    disclosedMentalHealth: integer("disclosed_mental_health"),
    updatedByUserId: text("updated_by_user_id").references(() => users.id),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("custody_throughput_centre_month").on(t.custodyCentreId, t.month)],
);

export const uploads = sqliteTable("uploads", {
  id: id(),
  kind: text("kind", { enum: ["outcome_events", "custody_throughput", "hsds"] }).notNull(),
  organisationId: text("organisation_id")
    .notNull()
    .references(() => organisations.id),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  fileSha256: text("file_sha256").notNull(),
  rowCount: integer("row_count").notNull(),
  createdAt: text("created_at").notNull(),
});

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: text("updated_at"),
  updatedByUserId: text("updated_by_user_id").references(() => users.id),
});

/**
 * Append-only (the database refuses UPDATE and DELETE with triggers) and hash-chained:
 * each row's hash covers its content and the previous row's hash.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    userId: text("user_id"),
    organisationId: text("organisation_id"),
    action: text("action").notNull(),
    recordType: text("record_type"),
    recordId: text("record_id"),
    personId: text("person_id"),
    ipAddress: text("ip_address"),
    detail: text("detail"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_person").on(t.personId),
    index("audit_events_user").on(t.userId, t.at),
    index("audit_events_at").on(t.at),
  ],
);

/**
 * Every action the audit log holds, kept by a trigger on audit_events, so the audit viewer
 * can offer them without reading the whole log.
 */
export const auditActions = sqliteTable("audit_actions", {
  action: text("action").primaryKey(),
});

/**
 * The commissioner figures for one custody centre and one month, worked out ahead so that a
 * dashboard adds up months rather than reading every referral (app/domain/metrics/monthly.server.ts).
 * `groups` is JSON: the figure's values for each provider and kind of service (and day, for
 * figures that wait for time to pass), or the spread of values for a median.
 */
export const figureMonths = sqliteTable(
  "figure_months",
  {
    figure: text("figure").notNull(),
    month: text("month").notNull(),
    custodyCentreId: text("custody_centre_id").notNull(),
    groups: text("groups").notNull(),
  },
  (t) => [primaryKey({ columns: [t.figure, t.month, t.custodyCentreId] })],
);

/**
 * Centre-months whose figures must be worked out again before they are read. Triggers add a
 * row whenever something they count is written (migration 0004), so the figures are kept on write.
 */
export const figureMonthsStale = sqliteTable(
  "figure_months_stale",
  {
    custodyCentreId: text("custody_centre_id").notNull(),
    month: text("month").notNull(),
    /** How many times it was marked: a refresh clears only the mark it read. */
    marked: integer("marked").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.custodyCentreId, t.month] })],
);

/**
 * How many times each month's stored figures have been written: storeMonth adds one, and a reader
 * that keeps parsed months between reads (monthly.server.ts) drops a month whose count moved.
 */
export const figureMonthVersions = sqliteTable("figure_month_versions", {
  month: text("month").primaryKey(),
  version: integer("version").notNull(),
});

/**
 * One row, its version moved by triggers on every write to custody_throughput and to the centres
 * and areas the returns are grouped by (migration 0024), so that what the figures thread keeps of
 * the centres' monthly returns is read again only then.
 */
export const custodyReturnsVersion = sqliteTable("custody_returns_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

export type User = typeof users.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;
export type CustodyCentre = typeof custodyCentres.$inferSelect;
export type Service = typeof services.$inferSelect;
export type Person = typeof people.$inferSelect;
export type ArrestReferral = typeof arrestReferrals.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type OnwardReferral = typeof onwardReferrals.$inferSelect;
export type Consent = typeof consents.$inferSelect;
export type NaloxoneReport = typeof naloxoneReports.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;

/**
 * Sign-in attempts by address, for the per-address rate limit (server/sign-in-rate-limit.mjs).
 * In the database so that every server process counts the same attempts; rows older than the
 * limit's window are deleted as new ones arrive.
 */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    address: text("address").notNull(),
    kind: text("kind", { enum: ["attempt", "failure"] }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_attempts_by_address").on(t.address, t.kind, t.at), index("sign_in_attempts_by_time").on(t.at)],
);

/**
 * A referral provider's queue version: bumped by triggers (migration queue-versions) in the same
 * transaction as every write that changes what the provider's queue shows, so that the queue's
 * 10-second refresh can ask "anything changed since version V?" without reading the queue.
 * A provider without a row is at version 0.
 */
export const queueVersions = sqliteTable("queue_versions", {
  organisationId: text("organisation_id")
    .primaryKey()
    .references(() => organisations.id),
  version: integer("version").notNull().default(0),
});

// ---------------------------------------------------------------- outreach campaigns (issue 21)

/** What an upload of numbers did: counts and line numbers only (app/domain/campaigns.ts). */
export type CampaignUploadSummary = {
  fileName: string;
  read: number;
  kept: number;
  dropped: Record<string, number>;
  notMobileLines: number[];
  at: string;
};

export const CAMPAIGN_NUMBER_STATUSES = ["queued", "sending", "sent", "held", "failed", "skipped"] as const;

/**
 * The numbers a campaign texts, one row each, and what happened to the text. `phone` (E.164) is
 * kept only until the campaign's retention days after sending; `number_hash` (HMAC-SHA256 with
 * NUMBER_HASH_SECRET) stays, for opt-outs and the 90-day rule. Our id is Notify's reference.
 */
export const campaignNumbers = sqliteTable(
  "campaign_numbers",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    phone: text("phone"),
    numberHash: text("number_hash").notNull(),
    status: text("status", { enum: CAMPAIGN_NUMBER_STATUSES }).notNull().default("queued"),
    /** Why a number was not texted (app/domain/campaigns.ts SKIP_REASONS). */
    skipReason: text("skip_reason"),
    attemptCount: integer("attempt_count").notNull().default(0),
    lastAttemptAt: text("last_attempt_at"),
    sentAt: text("sent_at"),
    providerId: text("provider_id"),
    error: text("error"),
    deliveryStatus: text("delivery_status"),
    deliveryStatusAt: text("delivery_status_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("campaign_numbers_campaign_hash").on(t.campaignId, t.numberHash),
    index("campaign_numbers_campaign_status").on(t.campaignId, t.status),
    index("campaign_numbers_hash_sent").on(t.numberHash, t.sentAt),
    index("campaign_numbers_provider_id").on(t.providerId),
  ],
);

/** Numbers that asked for no more campaign texts, held only as keyed hashes. */
export const doNotContact = sqliteTable("do_not_contact", {
  numberHash: text("number_hash").primaryKey(),
  /** The campaign whose text they answered (null: not known). */
  campaignId: text("campaign_id").references(() => campaigns.id),
  via: text("via", { enum: ["reply", "page"] }).notNull(),
  createdAt: text("created_at").notNull(),
});

/** An administrator's decision on a campaign's text: the exact words, approved or refused (why). */
export const campaignTemplateReviews = sqliteTable(
  "campaign_template_reviews",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    template: text("template").notNull(),
    decision: text("decision", { enum: ["approved", "refused"] }).notNull(),
    reason: text("reason"),
    reviewedByUserId: text("reviewed_by_user_id")
      .notNull()
      .references(() => users.id),
    reviewedAt: text("reviewed_at").notNull(),
  },
  (t) => [index("campaign_template_reviews_campaign").on(t.campaignId, t.reviewedAt)],
);

/**
 * What a person wrote on the self-referral page besides their name and phone (people.phone):
 * how and when to contact them and what they would like help with. One row per self-referral.
 */
export const selfReferralDetails = sqliteTable("self_referral_details", {
  arrestReferralId: text("arrest_referral_id")
    .primaryKey()
    .references(() => arrestReferrals.id),
  contactBy: text("contact_by", { enum: ["phone", "email"] }).notNull(),
  email: text("email"),
  mayLeaveMessage: integer("may_leave_message", { mode: "boolean" }).notNull().default(false),
  /** JSON array of "morning" | "afternoon" | "evening" | "weekend". */
  contactTimes: text("contact_times", { mode: "json" }).$type<string[]>().notNull(),
  /** JSON array of need domains, in the person's own choice. */
  needs: text("needs", { mode: "json" }).$type<NeedDomain[]>().notNull(),
  otherNeeds: text("other_needs"),
  /** The page's language when they wrote it (en, pl, ar): the language to answer in. */
  language: text("language").notNull(),
});

/**
 * Submissions of the public forms (self-referral, stop messages) in the last hour, for their
 * rate limits: the bucket is "address:" + a keyed hash of the client's address, or "code:" + a
 * campaign code. Nothing else is kept; rows older than the window are deleted as new ones arrive.
 * A refused submission writes nothing.
 */
export const publicFormAttempts = sqliteTable(
  "public_form_attempts",
  {
    bucket: text("bucket").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("public_form_attempts_bucket").on(t.bucket, t.at), index("public_form_attempts_at").on(t.at)],
);

/**
 * How often a campaign's self-referral page was opened, per UK day: a count and nothing about
 * who opened it (campaign results: "opened the page").
 */
export const campaignPageOpens = sqliteTable(
  "campaign_page_opens",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    day: text("day").notNull(),
    opens: integer("opens").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.day] })],
);
