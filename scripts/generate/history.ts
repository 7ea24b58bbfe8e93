// The generated history: month by month, each centre's detentions (the custody throughput
// row), the offers made at booking, and the referrals in time order. Each referral's whole
// life is decided when it is made — claim, release, follow-up, assessment, onward referrals and
// everything services report back — following the same state machines and writing the same
// columns the app would, so every figure the app computes from them is a real answer.
import { ukDateOf } from "~/utils/dates";
import { nameKey } from "../../app/domain/people";
import { mainServiceKind } from "../../app/domain/service-kinds";
import { seededRandom, seedOf } from "../seed/random";
import { FAMILY_NAMES, GIVEN_NAMES } from "./names";
import type { NeedDomain, ServiceKind } from "../../db/schema";
import type { AuditLog, AuditRow } from "./audit-log";
import type { Centre, Scale, ServiceModel, World } from "./world";
import type { Writer } from "./writer";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** More detentions in summer and over the festive season, fewer in late winter. */
const SEASONALITY = [0.92, 0.88, 0.96, 1.0, 1.04, 1.07, 1.09, 1.1, 1.0, 0.98, 0.95, 1.06];
/** Detentions by hour of the day: quiet before dawn, busiest in the evening. */
const HOURLY = [4, 3, 2, 2, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7, 6, 6, 5];
const HOURLY_TOTAL = HOURLY.reduce((a, b) => a + b, 0);

const DOMAINS: NeedDomain[] = [
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
];
const DISCLOSED: Partial<Record<NeedDomain, number>> = {
  drugs: 0.45,
  alcohol: 0.35,
  mental_health: 0.5,
  housing: 0.25,
  money: 0.2,
};
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
type Level = "none" | "low" | "medium" | "high";
/** Who did something, as the audit log records it. */
type Actor = { userId: string | null; organisationId: string; ip: string };

/** A person who may come back into custody, remembered for a year per force. */
type Known = { personId: string; atMs: number; engaged: boolean };

class RecentPeople {
  private readonly items: Known[] = [];
  private head = 0;
  constructor(readonly capacity: number) {}
  get size() {
    return this.items.length;
  }
  push(k: Known): Known | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(k);
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = k;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }
  /** Someone seen lately, more likely the more recently: re-entry clusters in the first months. */
  pickRecent(u: number): Known {
    const n = this.items.length;
    const back = Math.floor(n * u * u);
    const newest = (this.head - 1 + n) % n;
    return this.items[(newest - back + n) % n];
  }
}

export type HistoryCounts = {
  referrals: number;
  people: number;
  returning: number;
  onward: number;
  events: number;
  /** Community referrals officers made on patrol (counted in `referrals` too). */
  patrol: number;
};

/**
 * Patrol referrals (issue 20): no national figure is published. Assumed one for every 200
 * detentions (0.5%) — for the UK's ~900,000 detentions a year about 4,500 a year, a few a week
 * per force — the needs officers meet on patrol weighted to distress and money worries.
 */
const PATROL_REFERRALS_PER_DETENTION = 0.005;
const PATROL_NEEDS: NeedDomain[] = ["mental_health", "money", "housing", "drugs", "alcohol"];
const PATROL_NEED_WEIGHTS = [35, 30, 20, 10, 5];

export function generateHistory(options: {
  scale: Scale;
  seed: number;
  nowMs: number;
  world: World;
  writer: Writer;
  audit: AuditLog;
  progress: (line: string) => void;
}): HistoryCounts {
  const { scale, world, writer, audit, nowMs } = options;
  const random = seededRandom(seedOf("history", options.seed));
  const now = new Date(nowMs);
  const firstMonth = now.getUTCFullYear() * 12 + now.getUTCMonth() - scale.months;
  const monthStart = (index: number) => Date.UTC(Math.floor((firstMonth + index) / 12), (firstMonth + index) % 12, 1);
  const counts: HistoryCounts = { referrals: 0, people: 0, returning: 0, onward: 0, events: 0, patrol: 0 };

  const seq = new Map<string, number>();
  const id = (prefix: string) => {
    const n = (seq.get(prefix) ?? 0) + 1;
    seq.set(prefix, n);
    return `${prefix}${n.toString(36).padStart(7, "0")}`;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const referenceCounters = new Int32Array(world.centres.length);
  const accepted = world.services.map(() => new Int32Array(scale.months + 2));
  const monthOf = (ms: number) => {
    const d = new Date(ms);
    return d.getUTCFullYear() * 12 + d.getUTCMonth() - firstMonth;
  };

  // Expected referrals a year per force, to size each force's memory of recent people.
  const perForce = new Array<number>(world.forceCount).fill(0);
  const meanRate = (scale.referralRate.from + scale.referralRate.to) / 2;
  for (const c of world.centres) perForce[c.forceIndex] += c.monthlyDetentions * 12 * meanRate * c.rateFactor;
  const recent = perForce.map((n) => new RecentPeople(Math.max(50, Math.round(n))));
  const lastSeen = new Map<string, number>();

  const addAudit = (row: AuditRow) => {
    if (row.atMs <= nowMs) audit.add(row);
  };
  const row = (
    atMs: number,
    who: Actor,
    action: string,
    recordType: string | null,
    recordId: string | null,
    personId: string | null,
    detail: string | null = null,
  ): AuditRow => ({
    atMs,
    userId: who.userId,
    organisationId: who.organisationId,
    action,
    recordType,
    recordId,
    personId,
    ipAddress: who.ip,
    detail,
  });

  const started = Date.now();
  for (let m = 0; m <= scale.months; m++) {
    const start = monthStart(m);
    const end = monthStart(m + 1);
    const cutoff = Math.min(end, nowMs);
    if (cutoff <= start) break;
    const isComplete = end <= nowMs;
    const calendarMonth = (firstMonth + m) % 12;
    const progressThroughPeriod = scale.months ? m / scale.months : 1;
    const rate = scale.referralRate.from + (scale.referralRate.to - scale.referralRate.from) * progressThroughPeriod;
    // Detentions drift down a little over a decade, as they have in the UK.
    const trend = 1.04 - 0.08 * progressThroughPeriod;
    const monthText = iso(start).slice(0, 7);

    const bookings: { atMs: number; centre: Centre; isPatrol?: boolean }[] = [];
    for (const centre of world.centres) {
      const detentions = Math.round(
        centre.monthlyDetentions * SEASONALITY[calendarMonth] * trend * random.between(0.94, 1.06),
      );
      if (isComplete) {
        const countsNeed = m >= centre.countsNeedFrom;
        const share = (base: number) =>
          countsNeed ? Math.round(detentions * Math.max(0, base + random.between(-0.02, 0.02))) : null;
        writer.insert(
          "custody_throughput",
          `gt-${centre.id}-${monthText}`,
          centre.id,
          monthText,
          detentions,
          share(centre.shares.drugs),
          share(centre.shares.alcohol),
          share(centre.shares.mentalHealth),
          iso(end + random.int(2, 9) * DAY),
        );
      }
      const n = random.round(detentions * rate * centre.rateFactor * ((cutoff - start) / (end - start)));
      const span = cutoff - start;
      for (let i = 0; i < n; i++) {
        const day = Math.floor(random.next() * Math.ceil(span / DAY));
        let roll = random.next() * HOURLY_TOTAL;
        let hour = 0;
        while (roll >= HOURLY[hour]) roll -= HOURLY[hour++];
        let atMs = start + day * DAY + hour * HOUR + random.int(0, HOUR - 1);
        if (atMs >= cutoff) atMs = start + Math.floor(random.next() * span);
        bookings.push({ atMs, centre });
      }
      // Officers of the centre's force on patrol in its local authority.
      const patrols = random.round(detentions * PATROL_REFERRALS_PER_DETENTION * ((cutoff - start) / (end - start)));
      for (let i = 0; i < patrols; i++)
        bookings.push({ atMs: start + Math.floor(random.next() * span), centre, isPatrol: true });
    }
    bookings.sort((a, b) => a.atMs - b.atMs || a.centre.index - b.centre.index);
    for (const booking of bookings) {
      audit.flush(booking.atMs);
      if (booking.isPatrol) makePatrolReferral(booking.atMs, booking.centre);
      else makeReferral(booking.atMs, booking.centre);
    }
    audit.flush(cutoff);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    options.progress(
      `${monthText}: ${counts.referrals.toLocaleString("en-GB")} referrals, ${writer.totalRows.toLocaleString("en-GB")} rows, ` +
        `${audit.pending.toLocaleString("en-GB")} audit rows waiting, ${Math.round(process.memoryUsage().rss / 1e6)} MB, ${seconds} s`,
    );
  }
  audit.flush(nowMs);
  writer.commit();
  return counts;

  // ---------------------------------------------------------------- one referral's life

  function makeReferral(t: number, centre: Centre) {
    const officer: Actor = {
      userId: random.pick(centre.officerIds),
      organisationId: centre.policeOrganisationId,
      ip: "10.20.0.15",
    };
    const provider = centre.providers.length > 1 ? random.pick(centre.providers) : centre.providers[0];
    const worker: Actor = { userId: random.pick(provider.workerIds), organisationId: provider.id, ip: "10.30.0.22" };
    const yy = iso(t).slice(2, 4);
    const nextReference = () =>
      `${centre.code}/${yy}/${String(++referenceCounters[centre.index] % 1_000_000).padStart(6, "0")}`;

    // Other people booked in around the same time who did not become referrals.
    for (const [result, p] of [
      ["declined", 0.7],
      ["not_offered", 0.2],
      ["not_fit", 0.15],
    ] as const) {
      if (!random.chance(p)) continue;
      const at = t - random.int(0, 720) * MIN;
      const offerId = id("go");
      const reference = result === "not_fit" ? nextReference() : null;
      const reofferedAt =
        result === "not_fit" && at + 4 * HOUR < nowMs && random.chance(0.7) ? iso(at + random.int(2, 6) * HOUR) : null;
      const reason =
        result === "not_offered"
          ? random.weighted(
              [
                "already_seen_today",
                "risk_to_worker",
                "transferred",
                "released_quickly",
                "language_support_unavailable",
              ],
              [3, 2, 2, 4, 1],
            )
          : null;
      writer.insert(
        "custody_offers",
        offerId,
        centre.id,
        result,
        reason,
        reference,
        null,
        reofferedAt,
        officer.userId,
        iso(at),
      );
      addAudit(row(at, officer, `custody-offer.${result}`, "custody_offer", offerId, null));
    }

    // The person: someone who has been here before, or someone new.
    const reference = nextReference();
    const known = recent[centre.forceIndex];
    let personId: string | null = null;
    if (known.size > 20 && random.chance(0.27)) {
      let candidate = known.pickRecent(random.next());
      // People who engaged with a service come back less often.
      if (candidate.engaged && random.chance(0.45)) candidate = known.pickRecent(random.next());
      const last = lastSeen.get(candidate.personId) ?? candidate.atMs;
      if (last < t - 2 * DAY) personId = candidate.personId;
    }
    const isReturning = personId !== null;
    const contactAfterRelease = random.chance(0.35);
    if (personId) {
      counts.returning++;
      addAudit(row(t - MIN, officer, "person.match-shown", "person", personId, personId));
      addAudit(row(t, officer, "person.link", "person", personId, personId));
    } else {
      personId = id("gp");
      counts.people++;
      const given = random.pick(GIVEN_NAMES);
      const family = random.pick(FAMILY_NAMES);
      const age = 18 + Math.min(52, Math.floor(random.exponential(13)));
      const born = new Date(t - age * 365.25 * DAY - random.int(0, 364) * DAY).toISOString().slice(0, 10);
      const police = random.chance(0.65)
        ? `${random.int(10, 26)}/${random.int(100000, 999999)}${random.pick(["A", "B", "C", "D", "X"])}`
        : null;
      const health = random.chance(0.25) ? String(random.int(1_000_000_000, 9_999_999_999)) : null;
      const phone = contactAfterRelease ? `07700 9${String(random.int(0, 99999)).padStart(5, "0")}` : null;
      writer.insert(
        "people",
        personId,
        given,
        family,
        born,
        nameKey(given),
        nameKey(family),
        police,
        health,
        phone,
        iso(t),
        null,
        iso(t),
      );
      addAudit(row(t, officer, "person.create", "person", personId, personId));
    }
    lastSeen.set(personId, t);

    // Booking: the episode, the accepted offer, consent, and the referral in state "new".
    const disclosed = DOMAINS.filter((d) => random.chance(DISCLOSED[d] ?? 0));
    const episodeId = id("ge");
    const referralId = id("gr");
    const arrivedAt = t - random.int(10, 120) * MIN;
    writer.insert(
      "custody_offers",
      id("go"),
      centre.id,
      "accepted",
      null,
      reference,
      episodeId,
      null,
      officer.userId,
      iso(t),
    );
    writer.insert(
      "consents",
      id("gc"),
      personId,
      "speak_to_worker",
      referralId,
      null,
      null,
      null,
      random.chance(0.1) ? "signed" : "verbal",
      "cw-speak-1",
      officer.userId,
      iso(t),
    );
    if (contactAfterRelease) {
      writer.insert(
        "consents",
        id("gc"),
        personId,
        "contact_after_release",
        referralId,
        null,
        null,
        "phone",
        "verbal",
        "cw-contact-1",
        officer.userId,
        iso(t),
      );
    }
    addAudit(
      row(
        t,
        officer,
        "referral.create",
        "arrest_referral",
        referralId,
        personId,
        `{"centreId":"${centre.id}","isReturningPerson":${isReturning}}`,
      ),
    );

    type Change = { from: string | null; to: string; at: number; actor: string; reason: string | null };
    const changes: Change[] = [{ from: null, to: "new", at: t, actor: officer.userId!, reason: null }];
    let state = "new";
    const move = (to: string, at: number, who: Actor, event: string, reason: string | null = null) => {
      changes.push({ from: state, to, at, actor: who.userId!, reason });
      addAudit(
        row(
          at,
          who,
          `referral.${event}`,
          "arrest_referral",
          referralId,
          personId,
          reason ? `{"from":"${state}","to":"${to}","reason":"${reason}"}` : `{"from":"${state}","to":"${to}"}`,
        ),
      );
      state = to;
    };

    let releasedAt: number | null = null;
    let releasedBeforeSeen = 0;
    let claimedAt: number | null = null;
    let assignedWorker: string | null = null;
    let firstContactAt: number | null = null;
    let assessedAt: number | null = null;
    let closedAt: number | null = null;
    let closureReason: string | null = null;
    const release = (at: number) => {
      releasedAt = at;
      addAudit(row(at, officer, "custody-episode.release", "custody_episode", episodeId, personId));
      if (state === "new" || state === "claimed") {
        releasedBeforeSeen = 1;
        move("follow_up", at, officer, "person_released");
      }
    };
    const close = (at: number, reason: string, who: Actor) => {
      closedAt = at;
      closureReason = reason;
      move("closed", at, who, "close", reason);
    };
    const claim = (at: number) => {
      claimedAt = at;
      assignedWorker = worker.userId;
      if (state === "new") move("claimed", at, worker, "claim");
      else addAudit(row(at, worker, "referral.assign", "arrest_referral", referralId, personId));
      addAudit(row(at + random.int(1, 5) * MIN, worker, "person.view", "arrest_referral", referralId, personId));
    };

    const age = nowMs - t;
    const isRecent = age < 8 * HOUR;
    const path = random.next();
    if (!isRecent && path < 0.004) {
      // Made in error: the officer cancels it within the window.
      close(t + random.int(2, 25) * MIN, "recorded_in_error", officer);
    } else if (isRecent && path < 0.5) {
      // Still waiting for a worker right now.
    } else if (!isRecent && path < 0.17) {
      // Released before a worker could see them: community follow-up.
      release(t + random.int(30, 240) * MIN);
      claim(releasedAt! + random.int(1, 12) * HOUR);
      const attempts = random.int(1, 4);
      const isReached = random.chance(0.5);
      let at = claimedAt!;
      for (let a = 1; a <= attempts; a++) {
        at += random.int(1, 3) * DAY + random.int(0, 8) * HOUR;
        if (at > nowMs) break;
        const spoke = isReached && a === attempts;
        writer.insert(
          "contact_attempts",
          id("ga"),
          referralId,
          iso(at),
          random.pick(["phone", "text", "letter", "visit"]),
          spoke ? "spoke" : random.pick(["no_answer", "left_message", "wrong_number"]),
          worker.userId,
        );
        addAudit(row(at, worker, "referral.contact-attempt", "arrest_referral", referralId, personId));
        if (spoke) firstContactAt = at;
      }
      if (firstContactAt) {
        assessedAt = firstContactAt + random.int(1, 5) * DAY + random.int(1, 6) * HOUR;
      } else {
        // Not reached: closed after the provider's attempts, or after a last try some weeks on.
        const closeAt = at + (attempts >= 3 ? random.int(2, 5) : random.int(14, 40)) * DAY;
        if (closeAt < nowMs) close(closeAt, "unable_to_contact", worker);
      }
    } else {
      const claimAt = t + random.int(8, isRecent ? 90 : 200) * MIN;
      const normalRelease = t + random.int(180, 900) * MIN;
      if (claimAt < nowMs) {
        if (normalRelease < claimAt && normalRelease < nowMs) release(normalRelease);
        claim(claimAt);
        const contactAt = claimAt + random.int(5, 40) * MIN;
        if (contactAt < nowMs) {
          firstContactAt = contactAt;
          if (normalRelease >= claimAt && normalRelease < contactAt && normalRelease < nowMs) release(normalRelease);
          if (random.chance(0.07)) {
            const at = contactAt + random.int(5, 20) * MIN;
            if (at < nowMs) close(at, random.chance(0.9) ? "declined_at_interview" : "duplicate", worker);
          } else {
            assessedAt = contactAt + random.int(20, 60) * MIN;
          }
        }
      }
      if (
        releasedAt === null &&
        state !== "closed" &&
        normalRelease < nowMs &&
        (assessedAt === null || normalRelease < assessedAt)
      )
        release(normalRelease);
      else if (releasedAt === null && normalRelease < nowMs) {
        releasedAt = normalRelease;
        addAudit(row(normalRelease, officer, "custody-episode.release", "custody_episode", episodeId, personId));
      }
    }

    // The needs assessment, the onward referrals it leads to, and the case's closure.
    let engaged = false;
    let onwardCount = 0;
    if (assessedAt !== null && assessedAt < nowMs && state !== "closed") {
      const levels = {} as Record<NeedDomain, Level>;
      for (const d of DOMAINS) {
        const roll = random.next();
        levels[d] = disclosed.includes(d)
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
      }
      const assessmentId = id("gn");
      const startedAt = firstContactAt!;
      const q = () => random.int(0, 4);
      const auditC =
        levels.alcohol === "high"
          ? [random.int(2, 4), random.int(2, 4), random.int(2, 4)]
          : levels.alcohol === "medium"
            ? [random.int(1, 3), random.int(1, 3), random.int(0, 2)]
            : [q() >> 1, q() >> 2, 0];
      const auditCScore = auditC[0] + auditC[1] + auditC[2];
      const usesDrugs = levels.drugs !== "none";
      const naloxone = usesDrugs ? random.weighted(["supplied", "offered", "declined"], [6, 2, 2]) : "not_applicable";
      const answers = {
        drugs: {
          level: levels.drugs,
          substances: usesDrugs
            ? [random.pick(["opioids", "cocaine", "crack", "cannabis", "street_benzodiazepines"])]
            : [],
          isInjecting: usesDrugs && random.chance(0.2),
        },
        alcohol: { level: levels.alcohol, auditC: { q1: auditC[0], q2: auditC[1], q3: auditC[2] } },
        mental_health: {
          level: levels.mental_health,
          selfHarmRisk: levels.mental_health === "high" ? random.pick(["past", "current"]) : "none",
        },
        housing: {
          level: levels.housing,
          situation:
            levels.housing === "high"
              ? random.pick(["homeless", "rough_sleeping"])
              : levels.housing === "medium"
                ? random.pick(["temporary", "at_risk"])
                : "settled",
        },
        money: { level: levels.money },
        employment: { level: levels.employment },
        physical_health: { level: levels.physical_health },
        family: { level: levels.family, hasDependentChildren: random.chance(0.3) },
        safety: { level: levels.safety },
        justice: { level: levels.justice },
        naloxone,
      };
      writer.insert(
        "needs_assessments",
        assessmentId,
        referralId,
        personId,
        1,
        "completed",
        worker.userId,
        worker.organisationId,
        JSON.stringify(answers),
        levels.drugs,
        levels.alcohol,
        levels.mental_health,
        levels.housing,
        levels.money,
        levels.employment,
        levels.physical_health,
        levels.family,
        levels.safety,
        levels.justice,
        auditCScore,
        levels.drugs === "high" && random.chance(0.4) ? 1 : 0,
        levels.mental_health === "high" && random.chance(0.5) ? 1 : 0,
        answers.family.hasDependentChildren && random.chance(0.5) ? 1 : 0,
        naloxone,
        iso(startedAt),
        iso(assessedAt),
        iso(assessedAt),
        1,
      );
      move("assessed", assessedAt, worker, "complete_assessment");
      addAudit(row(assessedAt, worker, "assessment.complete", "needs_assessment", assessmentId, personId));
      if (random.chance(0.6)) {
        writer.insert(
          "consents",
          id("gc"),
          personId,
          "share_outcomes_with_custody",
          referralId,
          null,
          null,
          null,
          "verbal",
          "cw-outcomes-1",
          worker.userId,
          iso(assessedAt),
        );
        addAudit(
          row(
            assessedAt,
            worker,
            "consent.record",
            "consent",
            null,
            personId,
            `{"scope":"share_outcomes_with_custody"}`,
          ),
        );
      }

      const kinds: { need: NeedDomain; kind: ServiceKind }[] = [];
      for (const d of DOMAINS) {
        const kind = demoKindForNeed(d);
        if (!kind || (levels[d] !== "medium" && levels[d] !== "high") || kinds.some((k) => k.kind === kind)) continue;
        kinds.push({ need: d, kind });
      }
      if (levels.drugs === "high" && random.chance(0.5)) kinds.push({ need: "drugs", kind: "harm_reduction" });
      const homeLa = random.chance(0.8) ? centre.laId : random.pick(centre.forceLaIds);
      for (const { need, kind } of kinds.slice(0, 3)) {
        if (!random.chance(0.88)) continue; // the person did not want this one
        let candidates = world.servicesFor.get(homeLa)?.get(kind);
        let outOfArea: string | null = null;
        if (!candidates?.length) {
          if (!random.chance(0.3)) continue;
          const nearby = centre.forceLaIds
            .map((la) => world.servicesFor.get(la)?.get(kind))
            .find((list) => list?.length);
          if (!nearby) continue;
          candidates = nearby;
          outOfArea = "No service of this kind where the person lives";
        }
        const service = candidates.length > 1 ? random.pick(candidates) : candidates[0];
        const sentAt = assessedAt + random.int(10, 90) * MIN;
        if (sentAt >= nowMs) continue;
        onwardCount++;
        if (makeOnwardReferral({ referralId, personId, service, need, sentAt, worker, outOfArea })) engaged = true;
      }
      if (state !== "closed" && assessedAt + 21 * DAY < nowMs) {
        close(
          assessedAt + random.int(3, 21) * DAY,
          onwardCount ? "onward_referrals_made" : "no_needs_identified",
          worker,
        );
      }
    }

    writer.insert(
      "custody_episodes",
      episodeId,
      personId,
      centre.id,
      reference,
      iso(arrivedAt),
      releasedAt !== null ? iso(releasedAt) : null,
      JSON.stringify(disclosed),
      random.chance(0.08) ? "Do not see alone: history of violence to staff" : "",
      officer.userId,
      iso(t),
    );
    const last = changes[changes.length - 1];
    writer.insert(
      "arrest_referrals",
      referralId,
      personId,
      episodeId,
      centre.id,
      state,
      assignedWorker,
      assignedWorker ? worker.organisationId : null,
      closureReason,
      officer.userId,
      iso(t),
      claimedAt !== null ? iso(claimedAt) : null,
      firstContactAt !== null ? iso(firstContactAt) : null,
      releasedBeforeSeen,
      closedAt !== null ? iso(closedAt) : null,
      iso(Math.max(last.at, claimedAt ?? 0)),
      changes.length,
      "custody",
      null,
      null,
    );
    for (const c of changes)
      writer.insert("referral_state_changes", id("gs"), referralId, c.from, c.to, c.reason, c.actor, iso(c.at));
    counts.referrals++;
    counts.onward += onwardCount;

    const evicted = recent[centre.forceIndex].push({ personId, atMs: t, engaged });
    if (evicted && lastSeen.get(evicted.personId) === evicted.atMs) lastSeen.delete(evicted.personId);
  }

  // ---------------------------------------------------------------- one patrol referral

  /**
   * An officer refers someone met on patrol straight to a service covering the centre's local
   * authority (closed at once, decision 030); the person may later be booked into custody at one
   * of the force's centres, and is then recognised as anyone returning.
   */
  function makePatrolReferral(t: number, centre: Centre) {
    const officer: Actor = {
      userId: random.pick(centre.officerIds),
      organisationId: centre.policeOrganisationId,
      ip: "10.20.0.41",
    };
    const need = random.weighted(PATROL_NEEDS, PATROL_NEED_WEIGHTS);
    const kind = mainServiceKind(need);
    const candidates = world.servicesFor.get(centre.laId)?.get(kind);
    if (!candidates?.length) return; // nothing in the directory for this need here: no referral
    const service = candidates.length > 1 ? random.pick(candidates) : candidates[0];
    const personId = id("gp");
    const referralId = id("gr");
    const given = random.pick(GIVEN_NAMES);
    const family = random.pick(FAMILY_NAMES);
    const age = 18 + Math.min(60, Math.floor(random.exponential(16)));
    const born = new Date(t - age * 365.25 * DAY - random.int(0, 364) * DAY).toISOString().slice(0, 10);
    const phone = random.chance(0.6) ? `07700 9${String(random.int(0, 99999)).padStart(5, "0")}` : null;
    writer.insert(
      "people",
      personId,
      given,
      family,
      born,
      nameKey(given),
      nameKey(family),
      null,
      null,
      phone,
      iso(t),
      null,
      iso(t),
    );
    addAudit(row(t, officer, "person.create", "person", personId, personId));
    writer.insert(
      "arrest_referrals",
      referralId,
      personId,
      null,
      null,
      "closed",
      null,
      null,
      "onward_referrals_made",
      officer.userId,
      iso(t),
      null,
      null,
      0,
      iso(t),
      iso(t),
      1,
      "patrol",
      centre.policeOrganisationId,
      centre.laId,
    );
    writer.insert(
      "referral_state_changes",
      id("gs"),
      referralId,
      null,
      "closed",
      "Onward referrals made: referred on patrol straight to a service",
      officer.userId,
      iso(t),
    );
    if (random.chance(0.6)) {
      writer.insert(
        "consents",
        id("gc"),
        personId,
        "share_outcomes_with_police",
        referralId,
        null,
        null,
        null,
        "verbal",
        "cw-police-outcomes-1",
        officer.userId,
        iso(t),
      );
    }
    addAudit(row(t, officer, "patrol-referral.create", "arrest_referral", referralId, personId));
    counts.referrals++;
    counts.patrol++;
    counts.people++;
    counts.onward++;
    const engaged = makeOnwardReferral({
      referralId,
      personId,
      service,
      need,
      sentAt: t,
      worker: officer,
      outOfArea: null,
      // The phone number is kept only with the person's agreement to be phoned by the service.
      consent: { scope: "refer_to_service", wordingId: "cw-refer-1", contactMethod: phone ? "phone" : null },
    });
    lastSeen.set(personId, t);
    const evicted = recent[centre.forceIndex].push({ personId, atMs: t, engaged });
    if (evicted && lastSeen.get(evicted.personId) === evicted.atMs) lastSeen.delete(evicted.personId);
  }

  // ---------------------------------------------------------------- one onward referral's life

  /** Writes the onward referral and what its service reported; true when the person engaged. */
  function makeOnwardReferral(o: {
    referralId: string;
    personId: string;
    service: ServiceModel;
    need: NeedDomain;
    sentAt: number;
    worker: Actor;
    outOfArea: string | null;
    /** An officer's patrol referral rests on the person's agreement to be referred, not a share of sections. */
    consent?: { scope: "refer_to_service"; wordingId: string; contactMethod: string | null };
  }): boolean {
    const { service, sentAt } = o;
    const onwardId = id("gw");
    const consentId = id("gc");
    writer.insert(
      "consents",
      consentId,
      o.personId,
      o.consent?.scope ?? "share_assessment_with_service",
      o.referralId,
      service.id,
      `["${o.need}"]`,
      o.consent?.contactMethod ?? null,
      "verbal",
      o.consent?.wordingId ?? "cw-share-1",
      o.worker.userId,
      iso(sentAt),
    );
    addAudit(
      row(
        sentAt,
        o.worker,
        "onward-referral.create",
        "onward_referral",
        onwardId,
        o.personId,
        `{"serviceId":"${service.id}","sharedDomains":["${o.need}"]}`,
      ),
    );
    const reporter: Actor = {
      userId: service.reporterUserId,
      organisationId: service.organisationId,
      ip: service.source === "web" ? "10.40.0.31" : "192.0.2.40",
    };
    const seenAt = sentAt + random.int(1, 48) * HOUR;
    if (service.source === "web")
      addAudit(row(seenAt, reporter, "person.view", "onward_referral", onwardId, o.personId));

    type Event = {
      kind: string;
      at: number;
      detail: string;
      reason?: string;
      appointmentAt?: string;
      recordedBy?: typeof reporter;
      source?: string;
    };
    const events: Event[] = [];
    const isLate = random.chance(service.slowness);
    // When a service reports what happened: web and API the same day, a CSV at the next weekly upload.
    const recordedAt = (at: number) => {
      let when: number;
      if (service.source === "csv") {
        const daysToMonday = (8 - new Date(at).getUTCDay()) % 7 || 7;
        when = Math.floor(at / DAY) * DAY + daysToMonday * DAY + 10 * HOUR;
      } else when = at + random.int(5, 360) * MIN;
      return isLate && random.chance(0.5) ? when + random.int(1, 30) * DAY : when;
    };

    let engaged = false;
    if (random.chance(0.01)) {
      events.push({
        kind: "cancelled",
        at: sentAt + random.int(1, 72) * HOUR,
        detail: `{"reason":"withdrawn_by_referrer"}`,
        reason: "withdrawn_by_referrer",
        recordedBy: o.worker,
        source: "web",
      });
    } else if (random.chance(0.015)) {
      // The service never answers; in the end the worker withdraws the referral.
      events.push({
        kind: "cancelled",
        at: sentAt + random.int(45, 120) * DAY,
        detail: `{"reason":"withdrawn_by_referrer"}`,
        reason: "withdrawn_by_referrer",
        recordedBy: o.worker,
        source: "web",
      });
    } else {
      const respondAt = sentAt + (isLate ? random.int(4, 20) * DAY : random.int(0, 2) * DAY) + random.int(1, 8) * HOUR;
      const month = Math.min(monthOf(respondAt), accepted[service.index].length - 1);
      const isFull = accepted[service.index][month] >= service.capacityPerMonth;
      if ((isFull && random.chance(0.75)) || random.chance(0.08)) {
        const reason = isFull
          ? "no_capacity"
          : random.weighted(["not_eligible", "person_declined", "unable_to_contact", "duplicate"], [7, 6, 6, 1]);
        events.push({ kind: "declined", at: respondAt, detail: `{"reason":"${reason}"}`, reason });
      } else {
        accepted[service.index][month]++;
        events.push({ kind: "accepted", at: respondAt, detail: "{}" });
        let appointmentAt =
          respondAt + Math.round(service.typicalWaitDays * random.between(0.3, 2)) * DAY + random.int(1, 6) * HOUR;
        events.push({
          kind: "appointment_booked",
          at: respondAt + random.int(0, 2) * HOUR,
          detail: `{"appointmentAt":"${iso(appointmentAt)}","place":"Main office"}`,
          appointmentAt: iso(appointmentAt),
        });
        let attendedAt: number | null = null;
        if (random.chance(0.66)) attendedAt = appointmentAt;
        else {
          events.push({ kind: "did_not_attend", at: appointmentAt + HOUR, detail: "{}" });
          if (random.chance(0.45)) {
            const bookedAt = appointmentAt + random.int(1, 5) * DAY;
            appointmentAt = bookedAt + random.int(3, 14) * DAY;
            events.push({
              kind: "appointment_booked",
              at: bookedAt,
              detail: `{"appointmentAt":"${iso(appointmentAt)}","place":"Main office"}`,
              appointmentAt: iso(appointmentAt),
            });
            if (random.chance(0.55)) attendedAt = appointmentAt;
            else {
              events.push({ kind: "did_not_attend", at: appointmentAt + HOUR, detail: "{}" });
              events.push({
                kind: "ended",
                at: appointmentAt + 14 * DAY,
                detail: `{"endReason":"disengaged"}`,
                reason: "disengaged",
              });
            }
          } else {
            events.push({
              kind: "ended",
              at: appointmentAt + 14 * DAY,
              detail: `{"endReason":"disengaged"}`,
              reason: "disengaged",
            });
          }
        }
        if (attendedAt !== null) {
          events.push({ kind: "attended", at: attendedAt, detail: "{}" });
          let ended = false;
          let cursor = attendedAt;
          if (random.chance(0.03)) {
            events.push({
              kind: "on_hold",
              at: attendedAt + random.int(7, 20) * DAY,
              detail: `{"reasonText":"In hospital"}`,
            });
            cursor = attendedAt + random.int(21, 35) * DAY;
            events.push({ kind: "resumed", at: cursor, detail: "{}" });
          }
          for (const [kind, weeks, stay] of [
            ["engagement_check_4_weeks", 4, 0.68],
            ["engagement_check_12_weeks", 12, 0.62],
          ] as const) {
            if (ended) break;
            // Never before the check is due (outcome-timeline.ts): 28 or 84 days after the appointment,
            // by UK date (a day more, so a clock change in between cannot bring it a day early).
            const at = Math.max(cursor + DAY, attendedAt + weeks * 7 * DAY + random.int(1, 6) * DAY);
            const roll = random.next();
            const engagement = roll < stay ? "engaged" : roll < stay + (1 - stay) / 2 ? "partly" : "not_engaged";
            events.push({ kind, at, detail: `{"engagement":"${engagement}"}` });
            if (engagement === "not_engaged" && random.chance(0.6)) {
              events.push({
                kind: "ended",
                at: at + random.int(1, 7) * DAY,
                detail: `{"endReason":"disengaged"}`,
                reason: "disengaged",
              });
              ended = true;
            }
          }
          // Most cases are closed by their service in time; some are left open, overdue for
          // feedback, until the service tidies up months later.
          if (!ended && random.chance(0.92)) {
            const reason = random.weighted(
              ["completed", "transferred", "disengaged", "moved_away", "custody_or_prison"],
              [62, 8, 18, 6, 6],
            );
            events.push({
              kind: "ended",
              at: attendedAt + random.int(100, 240) * DAY,
              detail: `{"endReason":"${reason}"}`,
              reason,
            });
          } else if (!ended) {
            events.push({
              kind: "ended",
              at: attendedAt + random.int(300, 700) * DAY,
              detail: `{"endReason":"disengaged"}`,
              reason: "disengaged",
            });
          }
        }
      }
    }

    // Only what has been reported by now is there, in the order it was reported.
    let status = "requested";
    let statusReason: string | null = null;
    let respondedAt: number | null = null;
    let firstAppointmentAt: string | null = null;
    let firstAttendedAt: number | null = null;
    let lastRecordedAt: number | null = null;
    let endedAt: number | null = null;
    let version = 1;
    for (const e of events) {
      const recorded = Math.max(e.recordedBy ? e.at : recordedAt(e.at), lastRecordedAt ?? 0);
      if (recorded > nowMs || e.at > nowMs) break;
      const from = status;
      switch (e.kind) {
        case "accepted":
          status = "accepted";
          statusReason = null;
          respondedAt = e.at;
          break;
        case "declined":
          status = "rejected";
          statusReason = e.reason!;
          respondedAt = e.at;
          endedAt = e.at;
          break;
        case "appointment_booked":
          firstAppointmentAt ??= e.appointmentAt!;
          break;
        case "attended":
          status = "in-progress";
          firstAttendedAt ??= e.at;
          engaged = true;
          break;
        case "on_hold":
          status = "on-hold";
          break;
        case "resumed":
          status = firstAttendedAt !== null ? "in-progress" : "accepted";
          statusReason = null;
          break;
        case "ended": {
          const reason = e.reason!;
          status = reason === "completed" || reason === "transferred" ? "completed" : "failed";
          statusReason = reason;
          endedAt = e.at;
          break;
        }
        case "cancelled":
          status = "cancelled";
          statusReason = "withdrawn_by_referrer";
          endedAt = e.at;
          break;
        default:
          if (e.detail === `{"engagement":"engaged"}`) engaged = true;
      }
      const eventId = id("gv");
      const by = e.recordedBy ?? reporter;
      const source = e.source ?? service.source;
      writer.insert(
        "outcome_events",
        eventId,
        onwardId,
        e.kind,
        e.detail,
        ukDateOf(new Date(e.at)),
        by.userId,
        by.organisationId,
        source,
        iso(recorded),
      );
      addAudit(
        row(
          recorded,
          by,
          `onward-referral.${e.kind}`,
          "onward_referral",
          onwardId,
          o.personId,
          `{"from":"${from}","to":"${status}","source":"${source}","eventId":"${eventId}"}`,
        ),
      );
      counts.events++;
      lastRecordedAt = recorded;
      version++;
    }
    writer.insert(
      "onward_referrals",
      onwardId,
      o.referralId,
      o.personId,
      service.id,
      o.need,
      random.chance(0.15) ? "urgent" : "routine",
      consentId,
      o.outOfArea,
      status,
      statusReason,
      o.worker.userId,
      o.worker.organisationId,
      iso(sentAt),
      respondedAt !== null ? iso(respondedAt) : null,
      firstAppointmentAt,
      firstAttendedAt !== null ? iso(firstAttendedAt) : null,
      lastRecordedAt !== null ? iso(lastRecordedAt) : null,
      endedAt !== null ? iso(endedAt) : null,
      iso(lastRecordedAt ?? sentAt),
      version,
    );
    return engaged;
  }
}
