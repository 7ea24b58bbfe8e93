// Two years of demo activity at the demo centres: offers, referrals (some people returning),
// assessments, onward referrals and what services reported back — some engaged, some not,
// some feedback overdue. Deterministic: the same seed gives the same world.
// Seeded history has no audit rows: nobody did these things.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  consents,
  contactAttempts,
  custodyEpisodes,
  custodyOffers,
  needsAssessments,
  NEED_DOMAINS,
  onwardReferrals,
  outcomeEvents,
  people,
  referralStateChanges,
  type NeedDomain,
  type OnwardReferralStatus,
  type OutcomeEventKind,
  type ReferralState,
  type ServiceKind,
} from "#db/schema";
import { nameKey } from "~/domain/people";
import { mainServiceKind } from "~/domain/service-kinds";
import { ukDateOf } from "~/utils/dates";
import { seededRandom } from "./random";
const GIVEN = [
  "Aidan",
  "Ailsa",
  "Alan",
  "Amy",
  "Andrew",
  "Ashleigh",
  "Callum",
  "Chloe",
  "Craig",
  "Dawn",
  "Declan",
  "Donna",
  "Euan",
  "Fiona",
  "Fraser",
  "Gemma",
  "Graham",
  "Hayley",
  "Iain",
  "Jade",
  "Jamie",
  "Jordan",
  "Karen",
  "Kieran",
  "Kirsty",
  "Lee",
  "Leanne",
  "Liam",
  "Lisa",
  "Marc",
  "Megan",
  "Michael",
  "Nicola",
  "Paul",
  "Rachel",
  "Ross",
  "Ryan",
  "Sarah",
  "Scott",
  "Shannon",
  "Stephen",
  "Stacey",
  "Steven",
  "Tracy",
  "Wayne",
  "Zoe",
  "Siobhán",
  "Seán",
  "Ewan",
  "Morag",
];
const FAMILY = [
  "Anderson",
  "Baird",
  "Boyle",
  "Brown",
  "Campbell",
  "Clark",
  "Cunningham",
  "Docherty",
  "Doherty",
  "Duncan",
  "Ferguson",
  "Fraser",
  "Gallagher",
  "Gibson",
  "Graham",
  "Hamilton",
  "Henderson",
  "Hughes",
  "Johnston",
  "Kelly",
  "Kerr",
  "MacDonald",
  "MacKenzie",
  "McAllister",
  "McGregor",
  "McLean",
  "Millar",
  "Mitchell",
  "Morrison",
  "Murray",
  "O'Neill",
  "Paterson",
  "Reid",
  "Robertson",
  "Ross",
  "Scott",
  "Sinclair",
  "Smith",
  "Stewart",
  "Thomson",
  "Walker",
  "Watson",
  "Wilson",
  "Young",
  "Ó Briain",
  "Kerr-Dunlop",
];

const CENTRES = [
  { id: "cc-northfirth", code: "NFC", la: "la-northfirth", perMonth: 26 },
  { id: "cc-kelmoor", code: "KMC", la: "la-kelmoor", perMonth: 14 },
  { id: "cc-port-aird", code: "PAD", la: "la-northfirth", perMonth: 8 },
  { id: "cc-westmuir", code: "WMC", la: "la-westmuir", perMonth: 22 },
  { id: "cc-ardlachan", code: "ALC", la: "la-ardlachan", perMonth: 9 },
  { id: "cc-glenbrae", code: "GBR", la: "la-westmuir", perMonth: 12 },
];

const PROVIDER_FOR: Record<string, { organisationId: string; workerId: string }> = {
  "cc-northfirth": { organisationId: "org-firth-recovery", workerId: "user-worker" },
  "cc-kelmoor": { organisationId: "org-firth-recovery", workerId: "user-worker" },
  "cc-port-aird": { organisationId: "org-firth-recovery", workerId: "user-worker" },
  "cc-westmuir": { organisationId: "org-new-leaf", workerId: "user-worker-west" },
  "cc-ardlachan": { organisationId: "org-new-leaf", workerId: "user-worker-west" },
  "cc-glenbrae": { organisationId: "org-new-leaf", workerId: "user-worker-west" },
};

/** Demo services by need and local authority (ids from the demo world). */
const SERVICES: { id: string; organisationId: string; kind: ServiceKind; las: string[]; reporterId: string | null }[] =
  [
    {
      id: "svc-nads-treatment",
      organisationId: "org-nads",
      kind: "drug_alcohol_treatment",
      las: ["la-northfirth", "la-kelmoor"],
      reporterId: "user-service",
    },
    {
      id: "svc-kelmoor-recovery",
      organisationId: "org-nads",
      kind: "drug_alcohol_treatment",
      las: ["la-kelmoor"],
      reporterId: "user-service",
    },
    {
      id: "svc-westmuir-alcohol",
      organisationId: "org-westmuir-hscp",
      kind: "drug_alcohol_treatment",
      las: ["la-westmuir", "la-ardlachan"],
      reporterId: null,
    },
    {
      id: "svc-westmuir-cmht",
      organisationId: "org-westmuir-hscp",
      kind: "mental_health",
      las: ["la-westmuir"],
      reporterId: null,
    },
    {
      id: "svc-ardlachan-wellbeing",
      organisationId: "org-ardlachan-wellbeing",
      kind: "mental_health",
      las: ["la-ardlachan", "la-westmuir"],
      reporterId: null,
    },
    {
      id: "svc-harbour-housing",
      organisationId: "org-harbour-housing",
      kind: "housing",
      las: ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"],
      reporterId: "user-housing",
    },
    {
      id: "svc-rapid-rehousing",
      organisationId: "org-harbour-housing",
      kind: "housing",
      las: ["la-westmuir", "la-ardlachan"],
      reporterId: "user-housing",
    },
    {
      id: "svc-money-advice",
      organisationId: "org-firth-money",
      kind: "money_advice",
      las: ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"],
      reporterId: null,
    },
    {
      id: "svc-employability",
      organisationId: "org-second-chance",
      kind: "employment",
      las: ["la-northfirth", "la-westmuir"],
      reporterId: null,
    },
    {
      id: "svc-family-ties",
      organisationId: "org-family-ties",
      kind: "family_support",
      las: ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"],
      reporterId: null,
    },
  ];

// The needs the demo's services answer; each goes to its main kind of service.
const DEMO_NEEDS: ReadonlySet<NeedDomain> = new Set([
  "drugs",
  "alcohol",
  "mental_health",
  "housing",
  "money",
  "employment",
  "family",
]);
const demoKindForNeed = (need: NeedDomain): ServiceKind | undefined =>
  DEMO_NEEDS.has(need) ? mainServiceKind(need) : undefined;

const LEVEL_COLUMN: Record<NeedDomain, string> = {
  drugs: "drugsLevel",
  alcohol: "alcoholLevel",
  mental_health: "mentalHealthLevel",
  housing: "housingLevel",
  money: "moneyLevel",
  employment: "employmentLevel",
  physical_health: "physicalHealthLevel",
  family: "familyLevel",
  safety: "safetyLevel",
  justice: "justiceLevel",
};

const DAY = 86400_000;
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export function seedDemoCases(db: Db, now = new Date(), seed = 20261123) {
  const random = seededRandom(seed);
  const end = now.getTime();
  const start = end - 730 * DAY;
  let sequence = 0;
  // Opaque like the app's own ids, but the same for the same seed.
  const id = (_kind: string) => createHash("sha256").update(`${seed}:${sequence++}`).digest("base64url").slice(0, 16);
  const knownPeople: { id: string; la: string }[] = [];
  const officer = "user-custody";
  let referralCount = 0;

  db.transaction((tx) => {
    for (const centre of CENTRES) {
      const provider = PROVIDER_FOR[centre.id];
      let referenceNumber = 1000;
      for (let day = 0; day < 730; day++) {
        const dayStart = start + day * DAY;
        const month = new Date(dayStart).getUTCMonth();
        // More in summer and at New Year; growing a little as the scheme beds in.
        const seasonal = 1 + 0.2 * Math.sin(((month - 3) / 12) * 2 * Math.PI) + (month === 0 ? 0.15 : 0);
        const growth = 0.75 + 0.5 * (day / 730);
        const expected = (centre.perMonth / 30) * seasonal * growth;
        const count = Math.floor(expected) + (random.chance(expected % 1) ? 1 : 0);
        for (let n = 0; n < count; n++) {
          const createdMs = dayStart + random.int(0, DAY - 1);
          if (createdMs > end - 20 * MIN) continue;
          const reference = `${centre.code}/${String(new Date(createdMs).getUTCFullYear()).slice(2)}/${String(referenceNumber++).padStart(6, "0")}`;
          // Offers that did not become referrals: counted, holding no personal data.
          for (const result of ["declined", "declined", "not_offered", "not_fit"] as const) {
            if (!random.chance(result === "declined" ? 0.9 : 0.35)) continue;
            tx.insert(custodyOffers)
              .values({
                id: id("offer"),
                custodyCentreId: centre.id,
                result,
                notOfferedReason:
                  result === "not_offered"
                    ? random.pick(["already_seen_today", "risk_to_worker", "transferred", "released_quickly"])
                    : null,
                custodyReference: result === "not_fit" ? `${reference}N` : null,
                reofferedAt:
                  result === "not_fit" && createdMs < end - 6 * 3600_000 ? iso(createdMs + 4 * 3600_000) : null,
                recordedByUserId: officer,
                recordedAt: iso(createdMs - random.int(5, 60) * MIN),
              })
              .run();
          }
          seedOneReferral(tx as unknown as Db, { centre, provider, reference, createdMs });
          referralCount++;
        }
      }
      // A few people waiting for a worker right now, so the queue is live in the demo.
      for (let n = random.int(0, 2); n > 0; n--) {
        const createdMs = end - random.int(5, 110) * MIN;
        const reference = `${centre.code}/${String(now.getUTCFullYear()).slice(2)}/${String(referenceNumber++).padStart(6, "0")}`;
        seedOneReferral(tx as unknown as Db, { centre, provider, reference, createdMs, isWaiting: true });
        referralCount++;
      }
    }
  });
  return { referralCount, peopleCount: knownPeople.length };

  function seedOneReferral(
    tx: Db,
    {
      centre,
      provider,
      reference,
      createdMs,
      isWaiting = false,
    }: {
      centre: (typeof CENTRES)[number];
      provider: { organisationId: string; workerId: string };
      reference: string;
      createdMs: number;
      isWaiting?: boolean;
    },
  ) {
    const returning = knownPeople.length > 20 && random.chance(0.28) ? random.pick(knownPeople) : null;
    let personId: string;
    if (returning) {
      personId = returning.id;
    } else {
      personId = id("person");
      const givenName = random.pick(GIVEN);
      const familyName = random.pick(FAMILY);
      tx.insert(people)
        .values({
          id: personId,
          givenName,
          familyName,
          dateOfBirth: `${random.int(1962, 2006)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`,
          givenNameKey: nameKey(givenName),
          familyNameKey: nameKey(familyName),
          policeIdentifier: random.chance(0.6)
            ? `${String(random.int(10, 26))}/${random.int(100000, 999999)}${random.pick(["A", "B", "C", "D", "X"])}`
            : null,
          lastActivityAt: iso(createdMs),
        })
        .run();
      knownPeople.push({ id: personId, la: centre.la });
    }

    const disclosed = NEED_DOMAINS.slice(0, 5).filter((d) =>
      random.chance({ drugs: 0.45, alcohol: 0.35, mental_health: 0.5, housing: 0.25, money: 0.2 }[d as string] ?? 0),
    );
    const arrivedMs = createdMs - random.int(10, 120) * MIN;
    const ageMs = end - createdMs;
    const isRecent = ageMs < 6 * 3600_000;
    const isReleasedBeforeSeen = !isRecent && random.chance(0.16);
    const releasedMs = isRecent ? null : createdMs + random.int(isReleasedBeforeSeen ? 30 : 180, 900) * MIN;
    const episodeId = id("episode");
    tx.insert(custodyEpisodes)
      .values({
        id: episodeId,
        personId,
        custodyCentreId: centre.id,
        custodyReference: reference,
        arrivedAt: iso(arrivedMs),
        releasedAt: releasedMs ? iso(releasedMs) : null,
        disclosedNeeds: disclosed,
        safetyNotes: random.chance(0.08) ? "Do not see alone: history of violence to staff" : "",
        recordedByUserId: officer,
      })
      .run();
    const offerId = id("offer");
    tx.insert(custodyOffers)
      .values({
        id: offerId,
        custodyCentreId: centre.id,
        result: "accepted",
        custodyReference: reference,
        custodyEpisodeId: episodeId,
        recordedByUserId: officer,
        recordedAt: iso(createdMs),
      })
      .run();

    const referralId = id("referral");
    tx.insert(arrestReferrals)
      .values({
        id: referralId,
        personId,
        custodyEpisodeId: episodeId,
        custodyCentreId: centre.id,
        state: "new",
        createdByUserId: officer,
        createdAt: iso(createdMs),
        updatedAt: iso(createdMs),
      })
      .run();
    const changes: { from: ReferralState | null; to: ReferralState; at: number; reason?: string }[] = [
      { from: null, to: "new", at: createdMs },
    ];
    let state: ReferralState = "new";
    let claimedMs: number | null = null;
    let firstContactMs: number | null = null;
    let closureReason: string | null = null;
    let closedMs: number | null = null;

    if (isWaiting || (isRecent && random.chance(0.6))) {
      // Still waiting in the queue today.
    } else if (isReleasedBeforeSeen) {
      changes.push({ from: "new", to: "follow_up", at: releasedMs! });
      state = "follow_up";
      const attempts = random.int(1, 4);
      const reached = random.chance(0.45);
      for (let a = 0; a < attempts; a++) {
        const at = releasedMs! + (a + 1) * random.int(1, 3) * DAY;
        if (at > end) break;
        const spoke = reached && a === attempts - 1;
        tx.insert(contactAttempts)
          .values({
            id: id("attempt"),
            arrestReferralId: referralId,
            attemptedAt: iso(at),
            method: random.pick(["phone", "text", "letter"]),
            result: spoke ? "spoke" : random.pick(["no_answer", "left_message", "wrong_number"]),
            workerUserId: provider.workerId,
          })
          .run();
        if (spoke) firstContactMs = at;
      }
      // Workers give up after their attempts, or after a fortnight with no reply.
      if (!reached && releasedMs! + 14 * DAY < end) {
        closedMs = releasedMs! + 14 * DAY;
        closureReason = attempts >= 3 || random.chance(0.7) ? "unable_to_contact" : "declined_at_interview";
      }
    } else {
      claimedMs = createdMs + random.int(8, isRecent ? 60 : 200) * MIN;
      if (claimedMs > end) claimedMs = end - MIN;
      changes.push({ from: "new", to: "claimed", at: claimedMs });
      state = "claimed";
      firstContactMs = claimedMs + random.int(5, 40) * MIN;
      if (firstContactMs > end) firstContactMs = null;
      if (random.chance(0.07)) {
        closedMs = claimedMs + 30 * MIN;
        closureReason = "declined_at_interview";
      }
    }

    const shouldAssess = firstContactMs !== null && closureReason === null && firstContactMs + 45 * MIN < end;
    let levels: Partial<Record<NeedDomain, "none" | "low" | "medium" | "high">> = {};
    let assessedMs: number | null = null;
    if (shouldAssess) {
      assessedMs = firstContactMs! + random.int(20, 60) * MIN;
      levels = Object.fromEntries(
        NEED_DOMAINS.map((d) => {
          const disclosedHere = disclosed.includes(d);
          const roll = random.next();
          const level = disclosedHere
            ? roll < 0.45
              ? "high"
              : roll < 0.85
                ? "medium"
                : "low"
            : roll < 0.6
              ? "none"
              : roll < 0.85
                ? "low"
                : roll < 0.96
                  ? "medium"
                  : "high";
          return [d, level];
        }),
      ) as typeof levels;
      const auditC =
        levels.alcohol === "high"
          ? random.int(7, 12)
          : levels.alcohol === "medium"
            ? random.int(4, 8)
            : random.int(0, 4);
      const answers: Record<string, Record<string, unknown>> = Object.fromEntries(
        NEED_DOMAINS.map((d) => [d, { level: levels[d] }]),
      );
      // The three AUDIT-C answers add up to the score stored beside them.
      const q1 = Math.min(4, auditC);
      const q2 = Math.min(4, auditC - q1);
      answers.alcohol.auditC = { q1, q2, q3: auditC - q1 - q2 };
      const columns = Object.fromEntries(NEED_DOMAINS.map((d) => [LEVEL_COLUMN[d], levels[d] ?? null]));
      tx.insert(needsAssessments)
        .values({
          id: id("assessment"),
          arrestReferralId: referralId,
          personId,
          assessmentVersion: 1,
          status: "completed",
          workerUserId: provider.workerId,
          organisationId: provider.organisationId,
          answers: { ...answers, naloxone: levels.drugs && levels.drugs !== "none" ? "supplied" : "not_applicable" },
          ...columns,
          auditCScore: auditC,
          hasOverdoseHistory: levels.drugs === "high" && random.chance(0.4),
          hasSelfHarmRisk: levels.mental_health === "high" && random.chance(0.5),
          areChildrenAffected: random.chance(0.2),
          naloxone: levels.drugs && levels.drugs !== "none" ? "supplied" : "not_applicable",
          startedAt: iso(firstContactMs!),
          updatedAt: iso(assessedMs),
          completedAt: iso(assessedMs),
        })
        .run();
      changes.push({ from: state, to: "assessed", at: assessedMs });
      state = "assessed";
    }

    tx.update(arrestReferrals)
      .set({
        state,
        assignedWorkerId: claimedMs || isReleasedBeforeSeen ? provider.workerId : null,
        assignedOrganisationId: claimedMs || isReleasedBeforeSeen ? provider.organisationId : null,
        claimedAt: claimedMs ? iso(claimedMs) : null,
        firstContactAt: firstContactMs ? iso(firstContactMs) : null,
        releasedBeforeSeen: isReleasedBeforeSeen,
      })
      .where(eqId(referralId))
      .run();
    tx.insert(consents)
      .values({
        id: id("consent"),
        personId,
        arrestReferralId: referralId,
        scope: "speak_to_worker",
        method: "verbal",
        wordingId: "cw-speak-1",
        recordedByUserId: officer,
        recordedAt: iso(createdMs),
      })
      .run();
    if (assessedMs && random.chance(0.6)) {
      tx.insert(consents)
        .values({
          id: id("consent"),
          personId,
          arrestReferralId: referralId,
          scope: "share_outcomes_with_custody",
          method: "verbal",
          wordingId: "cw-outcomes-1",
          recordedByUserId: provider.workerId,
          recordedAt: iso(assessedMs),
        })
        .run();
    }

    if (assessedMs) {
      const needs = NEED_DOMAINS.filter(
        (d) => (levels[d] === "medium" || levels[d] === "high") && demoKindForNeed(d),
      ).slice(0, 3);
      for (const need of needs) {
        const candidates = SERVICES.filter((s) => s.kind === demoKindForNeed(need) && s.las.includes(centre.la));
        if (!candidates.length) continue;
        seedOnwardReferral(tx, {
          referralId,
          personId,
          provider,
          service: random.pick(candidates),
          need,
          sentMs: assessedMs + random.int(10, 90) * MIN,
        });
      }
      if (!closureReason && assessedMs + 21 * DAY < end) {
        closedMs = assessedMs + random.int(3, 21) * DAY;
        closureReason = needs.length ? "onward_referrals_made" : "no_needs_identified";
      }
    }

    if (closureReason && closedMs && closedMs < end) {
      changes.push({ from: state, to: "closed", at: closedMs, reason: closureReason });
      tx.update(arrestReferrals)
        .set({ state: "closed", closureReason, closedAt: iso(closedMs), updatedAt: iso(closedMs) })
        .where(eqId(referralId))
        .run();
    }
    for (const change of changes) {
      tx.insert(referralStateChanges)
        .values({
          id: id("change"),
          arrestReferralId: referralId,
          fromState: change.from,
          toState: change.to,
          reason: change.reason ?? null,
          actorUserId: change.to === "new" ? officer : provider.workerId,
          at: iso(change.at),
        })
        .run();
    }
  }

  function seedOnwardReferral(
    tx: Db,
    o: {
      referralId: string;
      personId: string;
      provider: { organisationId: string; workerId: string };
      service: (typeof SERVICES)[number];
      need: NeedDomain;
      sentMs: number;
    },
  ) {
    const onwardId = id("onward");
    const consentId = id("consent");
    tx.insert(consents)
      .values({
        id: consentId,
        personId: o.personId,
        arrestReferralId: o.referralId,
        scope: "share_assessment_with_service",
        serviceId: o.service.id,
        sharedDomains: [o.need],
        method: "verbal",
        wordingId: "cw-share-1",
        recordedByUserId: o.provider.workerId,
        recordedAt: iso(o.sentMs),
      })
      .run();
    const events: { kind: OutcomeEventKind; at: number; detail: Record<string, unknown> }[] = [];
    let status: OnwardReferralStatus = "requested";
    let statusReason: string | null = null;
    let respondedMs: number | null = null;
    let appointmentMs: number | null = null;
    let attendedMs: number | null = null;
    let endedMs: number | null = null;
    const happened = (at: number) => at < end;

    // Some services are slow to answer: that is the overdue feedback commissioners see.
    const isSlowToRespond = random.chance(0.12);
    const respondAt =
      o.sentMs + (isSlowToRespond ? random.int(4, 12) : random.int(0, 2)) * DAY + random.int(1, 8) * 3600_000;
    if (happened(respondAt)) {
      respondedMs = respondAt;
      if (random.chance(0.18)) {
        const reason = random.chance(0.55)
          ? "no_capacity"
          : random.pick(["not_eligible", "person_declined", "unable_to_contact"]);
        status = "rejected";
        statusReason = reason;
        events.push({ kind: "declined", at: respondAt, detail: { reason } });
      } else {
        status = "accepted";
        events.push({ kind: "accepted", at: respondAt, detail: {} });
        const bookedAt = respondAt + random.int(0, 2) * DAY;
        appointmentMs = respondAt + random.int(2, 30) * DAY;
        if (happened(bookedAt))
          events.push({
            kind: "appointment_booked",
            at: bookedAt,
            detail: { appointmentAt: iso(appointmentMs), place: "Main office" },
          });
        if (happened(appointmentMs + 3600_000)) {
          if (random.chance(0.68)) {
            attendedMs = appointmentMs;
            status = "in-progress";
            events.push({ kind: "attended", at: appointmentMs, detail: {} });
            for (const [kind, weeks, stay] of [
              ["engagement_check_4_weeks", 4, 0.72],
              ["engagement_check_12_weeks", 12, 0.6],
            ] as const) {
              // Two hours more: a clock change in between must not bring the check a UK day early (outcome-timeline.ts).
              const at = attendedMs + weeks * 7 * DAY + 2 * 3600_000;
              if (!happened(at) || endedMs) continue;
              const engaged = random.chance(stay);
              events.push({
                kind,
                at,
                detail: { engagement: engaged ? "engaged" : random.chance(0.5) ? "partly" : "not_engaged" },
              });
              if (!engaged && random.chance(0.5)) {
                endedMs = at + 2 * DAY;
              }
            }
            const finishAt = attendedMs + random.int(100, 200) * DAY;
            if (!endedMs && happened(finishAt) && random.chance(0.7)) endedMs = finishAt;
            if (endedMs && happened(endedMs)) {
              const completed = random.chance(0.55);
              const reason = completed
                ? "completed"
                : random.pick(["disengaged", "disengaged", "moved_away", "custody_or_prison"]);
              status = completed ? "completed" : "failed";
              statusReason = reason;
              events.push({ kind: "ended", at: endedMs, detail: { endReason: reason } });
            } else {
              endedMs = null;
            }
          } else {
            events.push({ kind: "did_not_attend", at: appointmentMs, detail: {} });
            if (random.chance(0.75)) {
              endedMs = appointmentMs + 14 * DAY;
              if (happened(endedMs)) {
                status = "failed";
                statusReason = "disengaged";
                events.push({ kind: "ended", at: endedMs, detail: { endReason: "disengaged" } });
              } else endedMs = null;
            }
          }
        }
      }
    }
    const lastEventMs = events.length ? events[events.length - 1].at : null;
    tx.insert(onwardReferrals)
      .values({
        id: onwardId,
        arrestReferralId: o.referralId,
        personId: o.personId,
        serviceId: o.service.id,
        needDomain: o.need,
        priority: random.chance(0.15) ? "urgent" : "routine",
        note: "",
        consentId,
        status,
        statusReason,
        createdByUserId: o.provider.workerId,
        referringOrganisationId: o.provider.organisationId,
        createdAt: iso(o.sentMs),
        respondedAt: respondedMs ? iso(respondedMs) : null,
        firstAppointmentAt:
          appointmentMs && events.some((e) => e.kind === "appointment_booked") ? iso(appointmentMs) : null,
        firstAttendedAt: attendedMs ? iso(attendedMs) : null,
        lastOutcomeAt: lastEventMs ? iso(lastEventMs) : null,
        endedAt: endedMs ? iso(endedMs) : null,
        updatedAt: iso(lastEventMs ?? o.sentMs),
      })
      .run();
    for (const event of events) {
      tx.insert(outcomeEvents)
        .values({
          id: id("event"),
          onwardReferralId: onwardId,
          kind: event.kind,
          detail: event.detail,
          // The UK date, as a service would report it (outcome-timeline.ts compares UK dates).
          occurredOn: ukDateOf(new Date(event.at)),
          reportedByUserId: o.service.reporterId,
          reportedByOrganisationId: o.service.organisationId,
          source: o.service.reporterId ? "web" : random.chance(0.5) ? "api" : "csv",
          recordedAt: iso(event.at),
        })
        .run();
    }
  }
}

const eqId = (referralId: string) => eq(arrestReferrals.id, referralId);
