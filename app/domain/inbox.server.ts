// A service's inbox: the onward referrals sent to the services an organisation runs, and one
// of them as the service sees it — only what the person agreed to share with that service.
import { and, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import {
  arrestReferrals,
  consents,
  needsAssessments,
  onwardReferrals,
  organisations,
  people,
  services,
  users,
  type OnwardReferralStatus,
} from "#db/schema";
import { answersSchema, sharedSections, type AssessmentAnswers } from "./assessments";
import { latestCompletedAssessmentIdSql } from "./assessments.server";
import { activeShareConsentJoin, hasActiveConsentSql } from "./consents.server";
import {
  CLOSED_ONWARD_STATUSES,
  INBOX_PAGE_SIZE,
  OPEN_ONWARD_STATUSES,
  type InboxFilter,
} from "./onward-referral-states";
import { outcomeLog } from "./outcomes.server";
import { overdueState, type Overdue } from "./overdue";
import { overdueCondition, overdueSettings } from "./overdue.server";

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
 * how many there are in all, waiting for an answer and overdue. Ranked, paged and counted in SQL
 * (whether a referral is overdue is a comparison with a moment worked out once, overdue.ts), so
 * only the rows shown are read. Each row names the person only while their consent to share
 * with the service stands (as the referral's own page does).
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

  const settings = overdueSettings(db, now);
  const isOverdue = overdueCondition(now, settings);
  // The inbox's order in one place: new (urgent first), overdue, other open, closed.
  const rank = sql<number>`(case
    when ${onwardReferrals.status} = 'requested' then (case when ${onwardReferrals.priority} = 'urgent' then 0 else 1 end)
    when ${inArray(onwardReferrals.status, [...CLOSED_ONWARD_STATUSES])} then 4
    when ${isOverdue} then 2 else 3 end)`;
  const where = and(
    inArray(onwardReferrals.serviceId, services_),
    inArray(onwardReferrals.status, [...statusesFor[filter]]),
    filter === "overdue" ? sql`${isOverdue}` : undefined,
    query.priority ? eq(onwardReferrals.priority, query.priority) : undefined,
    query.search?.trim() ? searchCondition(query.search) : undefined,
  );

  const counts = db
    .select({
      total: count(),
      waiting: sql<number>`coalesce(sum(${onwardReferrals.status} = 'requested'), 0)`,
      overdue: sql<number>`coalesce(sum(${isOverdue}), 0)`,
    })
    .from(onwardReferrals)
    .innerJoin(people, eq(people.id, onwardReferrals.personId))
    .leftJoin(consents, activeShareConsentJoin)
    .where(where)
    .get()!;
  const rows = db
    .select({
      id: onwardReferrals.id,
      status: onwardReferrals.status,
      needDomain: onwardReferrals.needDomain,
      priority: onwardReferrals.priority,
      createdAt: onwardReferrals.createdAt,
      respondedAt: onwardReferrals.respondedAt,
      lastOutcomeAt: onwardReferrals.lastOutcomeAt,
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
    .where(where)
    .orderBy(
      rank,
      sql`(case when ${rank} < 2 then ${onwardReferrals.createdAt} end)`,
      desc(onwardReferrals.updatedAt),
      onwardReferrals.id,
    )
    .limit(shown)
    .all();

  return {
    rows: rows.map(({ respondedAt, lastOutcomeAt, consentId, givenName, familyName, dateOfBirth, ...row }) => ({
      ...row,
      lastOutcomeAt,
      overdue: overdueState({ ...row, respondedAt, lastOutcomeAt }, now, settings),
      person: consentId ? { name: `${givenName} ${familyName}`, dateOfBirth } : null,
    })),
    total: counts.total,
    waiting: counts.waiting,
    overdue: counts.overdue,
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

type OnwardShared = { id: string; note: string };

/**
 * What the person agreed the service may see of one onward referral — the shared assessment
 * sections, who they are and how to reach them, and the referrer's note — the same for the
 * service's page and for its own system through the FHIR API.
 */
export function sharedWithService(db: Queryable, onward: OnwardShared) {
  return sharedWithServices(db, [onward])[0];
}

/**
 * `sharedWithService` for many onward referrals at once (a page of FHIR Tasks), in one query
 * whatever their number: the share consent in force, the latest completed assessment, the person
 * and whether they may be contacted, each joined to the onward referral.
 */
export function sharedWithServices(db: Queryable, onwards: readonly OnwardShared[]) {
  const rows = onwards.length
    ? db
        .select({
          id: onwardReferrals.id,
          consentId: consents.id,
          scope: consents.scope,
          contactMethod: consents.contactMethod,
          sharedDomains: consents.sharedDomains,
          answers: needsAssessments.answers,
          completedAt: needsAssessments.completedAt,
          givenName: people.givenName,
          familyName: people.familyName,
          dateOfBirth: people.dateOfBirth,
          phone: people.phone,
          mayContact: hasActiveConsentSql(onwardReferrals.personId, "contact_after_release"),
        })
        .from(onwardReferrals)
        .leftJoin(consents, activeShareConsentJoin)
        .leftJoin(people, eq(people.id, onwardReferrals.personId))
        .leftJoin(
          needsAssessments,
          eq(needsAssessments.id, latestCompletedAssessmentIdSql(onwardReferrals.arrestReferralId)),
        )
        .where(
          inArray(
            onwardReferrals.id,
            onwards.map((o) => o.id),
          ),
        )
        .all()
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return onwards.map((onward) => {
    const row = byId.get(onward.id);
    // Only while the share consent stands; everything else is left out here, never hidden on the page.
    if (!row?.consentId) {
      return {
        shared: { hasConsent: false as const, domains: [], sections: null },
        person: null,
        note: "",
      };
    }
    // A patrol referral's consent names the need, not assessment sections: there is no assessment.
    const domains = row.scope === "share_assessment_with_service" ? (row.sharedDomains ?? []) : [];
    // Agreeing on patrol to be phoned by the service lets it see the number (decision 030).
    const mayContact = row.mayContact || (row.scope === "refer_to_service" && row.contactMethod === "phone");
    const parsed = row.answers ? answersSchema.safeParse(row.answers) : null;
    const sections: Partial<AssessmentAnswers> | null = parsed?.success ? sharedSections(parsed.data, domains) : null;
    return {
      shared: { hasConsent: true as const, domains, sections, completedAt: row.completedAt ?? null },
      person:
        row.givenName !== null
          ? {
              givenName: row.givenName,
              familyName: row.familyName!,
              dateOfBirth: row.dateOfBirth!,
              phone: mayContact ? row.phone : null,
            }
          : null,
      note: onward.note,
    };
  });
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
