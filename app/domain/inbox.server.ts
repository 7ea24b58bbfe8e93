// A service's inbox: the onward referrals sent to the services an organisation runs, and one
// of them as the service sees it — only what the person agreed to share with that service.
import { and, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import {
  arrestReferrals,
  consents,
  onwardReferrals,
  organisations,
  people,
  services,
  users,
  type OnwardReferralStatus,
} from "#db/schema";
import { answersSchema, sharedSections, type AssessmentAnswers } from "./assessments";
import { latestCompletedAssessment } from "./assessments.server";
import { activeShareConsent, activeShareConsentJoin, hasActiveConsent } from "./consents.server";
import {
  CLOSED_ONWARD_STATUSES,
  INBOX_PAGE_SIZE,
  isOpenOnwardStatus,
  OPEN_ONWARD_STATUSES,
  type InboxFilter,
} from "./onward-referral-states";
import { outcomeLog } from "./outcomes.server";
import { overdueState, type Overdue } from "./overdue";
import { overdueSettings } from "./overdue.server";

const statusesFor: Record<InboxFilter, readonly OnwardReferralStatus[]> = {
  open: OPEN_ONWARD_STATUSES,
  requested: ["requested"],
  accepted: ["accepted"],
  "in-progress": ["in-progress"],
  "on-hold": ["on-hold"],
  overdue: OPEN_ONWARD_STATUSES,
  closed: CLOSED_ONWARD_STATUSES,
  all: [...OPEN_ONWARD_STATUSES, ...CLOSED_ONWARD_STATUSES],
};

/** How the inbox is narrowed: status, service, urgency, and a search for one person. */
export type InboxQuery = {
  filter?: InboxFilter;
  serviceId?: string | null;
  priority?: "routine" | "urgent" | null;
  /** A name, a date of birth (14/03/1990 or 1990-03-14) or a Pathway reference. */
  search?: string | null;
};

export type InboxRow = {
  id: string;
  /** Who it is for, only while the person's consent to share with this service stands. */
  person: { name: string; dateOfBirth: string } | null;
  status: OnwardReferralStatus;
  needDomain: (typeof onwardReferrals.$inferSelect)["needDomain"];
  priority: "routine" | "urgent";
  createdAt: string;
  lastOutcomeAt: string | null;
  serviceName: string;
  referringOrganisationName: string;
  overdue: Overdue | null;
};

export type Inbox = { rows: InboxRow[]; total: number; waiting: number; overdue: number };

/** 14/03/1990 or 1990-03-14 → 1990-03-14; otherwise null. */
function dateOfBirthIn(text: string): string | null {
  const uk = text.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (uk) return `${uk[3]}-${uk[2].padStart(2, "0")}-${uk[1].padStart(2, "0")}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}

/**
 * The search as a condition: a Pathway reference matches exactly; a date of birth or a name
 * (any part of given and family name, in either order) matches only where the person agreed to
 * share their details with the service, so a search cannot find out who is behind a referral.
 */
function searchCondition(search: string): SQL {
  const text = search.trim().replace(/\s+/g, " ");
  const consented = sql`${consents.id} is not null`;
  const dateOfBirth = dateOfBirthIn(text);
  if (dateOfBirth) return and(consented, eq(people.dateOfBirth, dateOfBirth))!;
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const fullName = sql`lower(${people.givenName} || ' ' || ${people.familyName})`;
  const reversed = sql`lower(${people.familyName} || ' ' || ${people.givenName})`;
  return or(
    eq(onwardReferrals.id, text),
    and(consented, or(sql`${fullName} like ${pattern} escape '\\'`, sql`${reversed} like ${pattern} escape '\\'`)),
  )!;
}

/**
 * The first `shown` referrals of the inbox: new ones first (urgent, then longest waiting), then
 * overdue ones, then the other open ones by their latest update, then closed ones by theirs; and
 * how many there are in all, waiting for an answer and overdue. Every open referral is ranked
 * (whether it is overdue is worked out for each); closed ones, which a service gathers by the
 * thousand, are counted and paged in SQL. Each row names the person only while their consent
 * to share with the service stands (as the referral's own page does).
 */
export function listInbox(
  db: Queryable,
  serviceIds: string[],
  query: InboxQuery = {},
  { now = new Date(), shown = INBOX_PAGE_SIZE }: { now?: Date; shown?: number } = {},
): Inbox {
  const filter = query.filter ?? "open";
  // A service that is not one of the organisation's narrows to nothing, never to another's.
  const services_ = query.serviceId ? serviceIds.filter((id) => id === query.serviceId) : serviceIds;
  if (!services_.length) return { rows: [], total: 0, waiting: 0, overdue: 0 };
  const statuses = statusesFor[filter];
  const openStatuses = statuses.filter(isOpenOnwardStatus);
  const closedStatuses = statuses.filter((s) => !isOpenOnwardStatus(s));
  const ofServices = and(
    inArray(onwardReferrals.serviceId, services_),
    query.priority ? eq(onwardReferrals.priority, query.priority) : undefined,
    query.search?.trim() ? searchCondition(query.search) : undefined,
  );
  const listed = (where: SQL | undefined) =>
    db
      .select({
        id: onwardReferrals.id,
        status: onwardReferrals.status,
        needDomain: onwardReferrals.needDomain,
        priority: onwardReferrals.priority,
        createdAt: onwardReferrals.createdAt,
        respondedAt: onwardReferrals.respondedAt,
        lastOutcomeAt: onwardReferrals.lastOutcomeAt,
        updatedAt: onwardReferrals.updatedAt,
        serviceName: services.name,
        referringOrganisationName: organisations.name,
        consentId: consents.id,
        givenName: people.givenName,
        familyName: people.familyName,
        dateOfBirth: people.dateOfBirth,
      })
      .from(onwardReferrals)
      .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
      .innerJoin(organisations, eq(organisations.id, onwardReferrals.referringOrganisationId))
      .innerJoin(people, eq(people.id, onwardReferrals.personId))
      .leftJoin(consents, activeShareConsentJoin)
      .where(where);

  const settings = overdueSettings(db, now);
  const open = (openStatuses.length ? listed(and(ofServices, inArray(onwardReferrals.status, openStatuses))).all() : [])
    .map((r) => ({ ...r, overdue: overdueState(r, now, settings) }))
    .filter((r) => filter !== "overdue" || r.overdue);
  const rank = (r: (typeof open)[number]) =>
    r.status === "requested" ? (r.priority === "urgent" ? 0 : 1) : r.overdue ? 2 : 3;
  open.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) < 2 ? a.createdAt.localeCompare(b.createdAt) : b.updatedAt.localeCompare(a.updatedAt)),
  );

  const ofClosed = closedStatuses.length ? and(ofServices, inArray(onwardReferrals.status, closedStatuses)) : undefined;
  const closedCount = ofClosed
    ? db
        .select({ n: count() })
        .from(onwardReferrals)
        .innerJoin(people, eq(people.id, onwardReferrals.personId))
        .leftJoin(consents, activeShareConsentJoin)
        .where(ofClosed)
        .get()!.n
    : 0;
  const closedShown =
    ofClosed && shown > open.length
      ? listed(ofClosed)
          .orderBy(desc(onwardReferrals.updatedAt))
          .limit(shown - open.length)
          .all()
          .map((r) => ({ ...r, overdue: null }))
      : [];

  return {
    rows: [...open.slice(0, shown), ...closedShown].map(
      ({
        respondedAt: _respondedAt,
        updatedAt: _updatedAt,
        consentId,
        givenName,
        familyName,
        dateOfBirth,
        ...row
      }) => ({
        ...row,
        person: consentId ? { name: `${givenName} ${familyName}`, dateOfBirth } : null,
      }),
    ),
    total: open.length + closedCount,
    waiting: open.filter((r) => r.status === "requested").length,
    overdue: open.filter((r) => r.overdue).length,
  };
}

/** The services an inbox can narrow to, by name. */
export function inboxServices(db: Queryable, serviceIds: string[]) {
  if (!serviceIds.length) return [];
  return db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(inArray(services.id, serviceIds))
    .orderBy(services.name)
    .all();
}

/** What permissions need: the service and who holds the referral behind an onward referral. */
export function findOnwardReferralForService(db: Queryable, onwardReferralId: string) {
  return db
    .select({
      onward: onwardReferrals,
      custodyCentreId: arrestReferrals.custodyCentreId,
      providerOrganisationId: arrestReferrals.providerOrganisationId,
      policeOrganisationId: arrestReferrals.policeOrganisationId,
    })
    .from(onwardReferrals)
    .innerJoin(arrestReferrals, eq(arrestReferrals.id, onwardReferrals.arrestReferralId))
    .where(eq(onwardReferrals.id, onwardReferralId))
    .get();
}

/**
 * Only the assessment sections the person consented to share with this service, and only
 * while that consent stands. Everything else is left out here, never hidden on the page.
 */
export function sharedAssessmentFor(db: Queryable, onward: { arrestReferralId: string; consentId: string | null }) {
  const consent = activeShareConsent(db, onward.consentId);
  if (!consent) return { hasConsent: false as const, domains: [], sections: null };
  const domains = consent.sharedDomains ?? [];
  const assessment = latestCompletedAssessment(db, onward.arrestReferralId);
  const parsed = assessment ? answersSchema.safeParse(assessment.answers) : null;
  const sections: Partial<AssessmentAnswers> | null = parsed?.success ? sharedSections(parsed.data, domains) : null;
  return { hasConsent: true as const, domains, sections, completedAt: assessment?.completedAt ?? null };
}

/** The person as the service may see them: enough to contact them, with their consent only. */
export function personForService(db: Queryable, personId: string, hasShareConsent: boolean) {
  if (!hasShareConsent) return null;
  const person = db
    .select({
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      phone: people.phone,
    })
    .from(people)
    .where(eq(people.id, personId))
    .get();
  if (!person) return null;
  const mayContact = hasActiveConsent(db, personId, "contact_after_release");
  return { ...person, phone: mayContact ? person.phone : null };
}

/**
 * What the person agreed the service may see of one onward referral — the shared assessment
 * sections, who they are and how to reach them, and the referrer's note — the same for the
 * service's page and for its own system through the FHIR API.
 */
export function sharedWithService(
  db: Queryable,
  onward: { arrestReferralId: string; consentId: string | null; personId: string; note: string },
) {
  const shared = sharedAssessmentFor(db, onward);
  return {
    shared,
    person: personForService(db, onward.personId, shared.hasConsent),
    note: shared.hasConsent ? onward.note : "",
  };
}

/** One onward referral as its service sees it. */
export function serviceReferralView(db: Queryable, onward: typeof onwardReferrals.$inferSelect, now = new Date()) {
  const service = db
    .select({ name: services.name, address: services.address })
    .from(services)
    .where(eq(services.id, onward.serviceId))
    .get()!;
  const referrer = db
    .select({
      name: users.name,
      email: users.email,
      phone: users.phone,
      organisationName: organisations.name,
      organisationPhone: organisations.phone,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, onward.createdByUserId))
    .get();
  const { shared, person, note } = sharedWithService(db, onward);
  return {
    onwardReferral: {
      id: onward.id,
      status: onward.status,
      statusReason: onward.statusReason,
      statusReasonText: onward.statusReasonText,
      needDomain: onward.needDomain,
      priority: onward.priority,
      note,
      createdAt: onward.createdAt,
      firstAppointmentAt: onward.firstAppointmentAt,
      firstAttendedAt: onward.firstAttendedAt,
      version: onward.version,
    },
    service,
    referrer: referrer ?? null,
    person,
    shared,
    log: outcomeLog(db, onward.id),
    overdue: overdueState(onward, now, overdueSettings(db, now)),
  };
}
