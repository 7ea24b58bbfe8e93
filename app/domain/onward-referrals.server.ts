// Onward referrals from an assessment to services in the directory, each resting on the
// person's consent to share named assessment sections with that service.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "#db/connection";
import {
  areas,
  custodyCentres,
  NEED_DOMAINS,
  onwardReferrals,
  organisations,
  outcomeEvents,
  people,
  serviceAreas,
  services,
  users,
  type NeedDomain,
  type Service,
} from "#db/schema";
import { nowIso } from "~/utils/dates";
import { checkbox, checkboxes, optionalText } from "~/utils/forms";
import { newId } from "~/utils/ids";
import { latestCompletedAssessment } from "./assessments.server";
import { recordAudit, type ActorAudit } from "./audit.server";
import { consentMethodField } from "./consents";
import { insertConsent } from "./consents.server";
import { needLabels } from "./custody";
import { DomainError } from "./errors";
import { queueNewReferralEmail } from "./messages.server";
import { notify } from "./notifications.server";
import { isOpenOnwardStatus, OPEN_ONWARD_STATUSES } from "./onward-referral-states";
import { findReferral, requireReferralEvent, workerActor } from "./referrals.server";
import { serviceKindsForNeed } from "./service-kinds";

/** The service fields a worker choosing where to refer sees. */
const serviceForNeedColumns = [
  "id",
  "name",
  "kind",
  "description",
  "address",
  "phone",
  "hours",
  "eligibility",
  "isTakingReferrals",
  "typicalWaitDays",
] as const;

/** A service offered for a need: its row's fields, who runs it, and whether it covers the area. */
export type ServiceForNeed = Pick<Service, (typeof serviceForNeedColumns)[number]> & {
  organisationName: string;
  areaIds: string[];
  coversArea: boolean;
};

/** Services for the needs marked medium or high, those covering the area first. */
export function servicesForNeeds(
  db: Queryable,
  options: { needs: NeedDomain[]; localAuthorityId: string; showAllAreas?: boolean },
): ServiceForNeed[] {
  const kinds = [...new Set(options.needs.flatMap((n) => serviceKindsForNeed[n]))];
  if (!kinds.length) return [];
  const rows = db
    .select({ service: services, organisationName: organisations.name })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(and(inArray(services.kind, kinds), eq(organisations.isActive, true)))
    .orderBy(asc(services.name))
    .all();
  const areaRows = rows.length
    ? db
        .select()
        .from(serviceAreas)
        .where(
          inArray(
            serviceAreas.serviceId,
            rows.map((r) => r.service.id),
          ),
        )
        .all()
    : [];
  const areasByService = new Map<string, string[]>();
  for (const a of areaRows) areasByService.set(a.serviceId, [...(areasByService.get(a.serviceId) ?? []), a.areaId]);
  return rows
    .map(({ service, organisationName }) => {
      const areaIds = areasByService.get(service.id) ?? [];
      return {
        ...(Object.fromEntries(serviceForNeedColumns.map((key) => [key, service[key]])) as Pick<
          Service,
          (typeof serviceForNeedColumns)[number]
        >),
        organisationName,
        areaIds,
        coversArea: areaIds.includes(options.localAuthorityId),
      };
    })
    .filter((s) => options.showAllAreas || s.coversArea)
    .sort(
      (a, b) =>
        Number(b.coversArea) - Number(a.coversArea) || Number(b.isTakingReferrals) - Number(a.isTakingReferrals),
    );
}

export function listLocalAuthorities(db: Queryable) {
  return db
    .select({ id: areas.id, name: areas.name })
    .from(areas)
    .where(eq(areas.kind, "local_authority"))
    .orderBy(asc(areas.name))
    .all();
}

/** The local authority a referral belongs to: its own area, or its custody centre's. */
export function referralLocalAuthority(
  db: Queryable,
  referral: { areaId: string | null; custodyCentreId: string | null },
): string {
  if (referral.areaId) return referral.areaId;
  if (!referral.custodyCentreId) return "";
  return (
    db
      .select({ id: custodyCentres.localAuthorityAreaId })
      .from(custodyCentres)
      .where(eq(custodyCentres.id, referral.custodyCentreId))
      .get()?.id ?? ""
  );
}

export const onwardReferralSchema = z.object({
  serviceId: z.string({ required_error: "Choose a service" }).min(1, "Choose a service").max(64),
  needDomain: z.enum(NEED_DOMAINS, { message: "Choose the need this referral answers" }),
  priority: z.enum(["routine", "urgent"], { message: "Choose a priority" }).default("routine"),
  note: optionalText(2000),
  sharedDomains: checkboxes(z.enum(NEED_DOMAINS)).refine((d) => d.length > 0, {
    message: "Choose at least one section the person agreed to share",
  }),
  consentConfirmed: checkbox().refine((v) => v, {
    message: "Confirm the person agreed to share these sections with this service",
  }),
  consentMethod: consentMethodField(),
  outOfAreaReason: optionalText(500),
});
export type OnwardReferralInput = z.infer<typeof onwardReferralSchema>;

export function createOnwardReferral(db: Db, audit: ActorAudit, referralId: string, input: OnwardReferralInput) {
  return db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    requireReferralEvent(referral, workerActor(audit), "refer_onward");
    if (!latestCompletedAssessment(tx, referralId)) {
      throw new DomainError("Complete the needs assessment before referring on.", { status: 409 });
    }
    if (!input.consentConfirmed) {
      throw new DomainError("An onward referral needs the person's consent to share.", {
        field: "consentConfirmed",
        status: 400,
      });
    }
    const service = tx
      .select({ service: services, organisationIsActive: organisations.isActive })
      .from(services)
      .innerJoin(organisations, eq(organisations.id, services.organisationId))
      .where(eq(services.id, input.serviceId))
      .get();
    if (!service || !service.organisationIsActive)
      throw new DomainError("Choose a service from the directory.", { field: "serviceId", status: 400 });
    const localAuthorityId = referralLocalAuthority(tx, referral);
    const coversArea = tx
      .select({ areaId: serviceAreas.areaId })
      .from(serviceAreas)
      .where(and(eq(serviceAreas.serviceId, input.serviceId), eq(serviceAreas.areaId, localAuthorityId)))
      .get();
    if (!coversArea && !input.outOfAreaReason) {
      throw new DomainError("This service does not cover the person's area. Say why you are referring there anyway.", {
        field: "outOfAreaReason",
        status: 400,
      });
    }
    const alreadyOpen = tx
      .select({ id: onwardReferrals.id })
      .from(onwardReferrals)
      .where(
        and(
          eq(onwardReferrals.arrestReferralId, referralId),
          eq(onwardReferrals.serviceId, input.serviceId),
          inArray(onwardReferrals.status, [...OPEN_ONWARD_STATUSES]),
        ),
      )
      .get();
    if (alreadyOpen)
      throw new DomainError("There is already an open referral to this service for this person.", {
        field: "serviceId",
        status: 409,
      });

    const at = nowIso();
    const consentId = insertConsent(tx, {
      personId: referral.personId,
      arrestReferralId: referralId,
      scope: "share_assessment_with_service",
      serviceId: input.serviceId,
      sharedDomains: input.sharedDomains,
      method: input.consentMethod,
      recordedByUserId: audit.userId,
      recordedAt: at,
    });
    const id = newId();
    tx.insert(onwardReferrals)
      .values({
        id,
        arrestReferralId: referralId,
        personId: referral.personId,
        serviceId: input.serviceId,
        needDomain: input.needDomain,
        priority: input.priority,
        note: input.note ?? "",
        consentId,
        outOfAreaReason: coversArea ? null : (input.outOfAreaReason ?? null),
        status: "requested",
        createdByUserId: audit.userId,
        referringOrganisationId: audit.organisationId,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    recordAudit(tx, audit, {
      action: "onward-referral.create",
      recordType: "onward_referral",
      recordId: id,
      personId: referral.personId,
      detail: { serviceId: input.serviceId, sharedDomains: input.sharedDomains },
    });
    notify(
      tx,
      { organisationId: service.service.organisationId, role: "service_worker" },
      "onward_referral.new",
      `New ${input.priority === "urgent" ? "urgent " : ""}referral to ${service.service.name} (${needLabels[input.needDomain].toLowerCase()})`,
      `/service/referrals/${id}`,
      { personId: referral.personId },
    );
    queueNewReferralEmail(tx, input.serviceId);
    return id;
  });
}

/** Onward referrals made from one arrest referral, for the worker's case page and the release card. */
export function listOnwardReferralsMade(db: Queryable, referralId: string) {
  return db
    .select({
      id: onwardReferrals.id,
      status: onwardReferrals.status,
      needDomain: onwardReferrals.needDomain,
      priority: onwardReferrals.priority,
      createdAt: onwardReferrals.createdAt,
      firstAppointmentAt: onwardReferrals.firstAppointmentAt,
      serviceName: services.name,
      serviceKind: services.kind,
      servicePhone: services.phone,
      serviceAddress: services.address,
      serviceHours: services.hours,
      serviceTypicalWaitDays: services.typicalWaitDays,
      lastOutcomeAt: onwardReferrals.lastOutcomeAt,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(eq(onwardReferrals.arrestReferralId, referralId))
    .orderBy(asc(onwardReferrals.createdAt))
    .all();
}

/** What the person takes away: who will contact them, where and when. Nothing from the assessment. */
export function releaseCard(db: Queryable, referralId: string) {
  const referral = findReferral(db, referralId);
  if (!referral) return null;
  const person = db.select({ givenName: people.givenName }).from(people).where(eq(people.id, referral.personId)).get()!;
  const worker = referral.assignedWorkerId
    ? db
        .select({
          name: users.name,
          phone: users.phone,
          organisationName: organisations.name,
          organisationPhone: organisations.phone,
        })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .where(eq(users.id, referral.assignedWorkerId))
        .get()
    : undefined;
  const onward = listOnwardReferralsMade(db, referralId).filter((o) => isOpenOnwardStatus(o.status));
  const appointments = onward.length
    ? db
        .select({
          onwardReferralId: outcomeEvents.onwardReferralId,
          detail: outcomeEvents.detail,
          recordedAt: outcomeEvents.recordedAt,
        })
        .from(outcomeEvents)
        .where(
          and(
            inArray(
              outcomeEvents.onwardReferralId,
              onward.map((o) => o.id),
            ),
            eq(outcomeEvents.kind, "appointment_booked"),
          ),
        )
        .orderBy(desc(outcomeEvents.recordedAt))
        .all()
    : [];
  // With no worker assigned yet, the arrest referral service's own number: the card always says whom to call.
  const provider =
    !worker && referral.assignedOrganisationId
      ? db
          .select({ name: organisations.name, phone: organisations.phone })
          .from(organisations)
          .where(eq(organisations.id, referral.assignedOrganisationId))
          .get()
      : undefined;
  const localAuthorityId = referralLocalAuthority(db, referral);
  const harmReduction = servicesForNeeds(db, { needs: ["drugs"], localAuthorityId }).filter(
    (s) => s.kind === "harm_reduction",
  );
  return {
    givenName: person.givenName,
    worker: worker ?? null,
    provider: provider ?? null,
    services: onward.map((o) => {
      const appointment = appointments.find((a) => a.onwardReferralId === o.id);
      const detail = appointment?.detail as { appointmentAt?: string; place?: string } | undefined;
      // When to expect them: the service's typical wait from the day the referral was sent.
      const expectedContactBy =
        o.serviceTypicalWaitDays !== null
          ? new Date(new Date(o.createdAt).getTime() + o.serviceTypicalWaitDays * 86400_000).toISOString()
          : null;
      return {
        ...o,
        appointment: detail ? { at: detail.appointmentAt, place: detail.place } : null,
        expectedContactBy,
      };
    }),
    harmReduction: harmReduction.map((s) => ({ name: s.name, phone: s.phone, hours: s.hours })),
  };
}
