// Demo naloxone reports (near-fatal overdoses) and the follow-ups they made, over the same two
// years as the demo cases: about nine a month across the four council areas, most reached by a
// worker, some agreeing to see one. Among them Callan Imrie, with two NFOs six weeks apart
// (the second still open), and a few follow-ups of the last days still waiting — one of someone
// not yet identified. Deterministic, like the demo cases; seeded history has no audit rows.
import { createHash } from "node:crypto";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  consents,
  contactAttempts,
  naloxoneReports,
  people,
  PATIENT_STATES,
  referralStateChanges,
  type ReferralState,
} from "#db/schema";
import { nameKey } from "~/domain/people";
import { seededRandom } from "./random";

const DAY = 86400_000;
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** NFOs a month in each council area, and the provider that follows them up there. */
const AREAS = [
  { id: "la-northfirth", perMonth: 3.5, provider: "org-firth-recovery", worker: "user-worker", postcode: "NF1" },
  { id: "la-kelmoor", perMonth: 1.5, provider: "org-firth-recovery", worker: "user-worker", postcode: "KM4" },
  { id: "la-westmuir", perMonth: 3, provider: "org-new-leaf", worker: "user-worker-west", postcode: "WM2" },
  { id: "la-ardlachan", perMonth: 1, provider: "org-new-leaf", worker: "user-worker-west", postcode: "AL7" },
];
const PLACES = [
  "Stairwell of a block of flats",
  "Public toilets by the bus station",
  "Bench in the park",
  "Doorway on the high street",
  "Car park behind the shops",
  "Footpath by the river",
  "Private flat, called by a neighbour",
];

/** The person with two NFOs, later booked into custody in the demo (issue 20, item 5). */
export const DEMO_TWO_NFO_PERSON = {
  id: "person-callan-imrie",
  givenName: "Callan",
  familyName: "Imrie",
  dateOfBirth: "1994-02-17",
} as const;

export function seedDemoNaloxone(db: Db, now = new Date(), seed = 20261207) {
  const random = seededRandom(seed);
  const end = now.getTime();
  const start = end - 730 * DAY;
  let sequence = 0;
  const id = () => createHash("sha256").update(`nfo:${seed}:${sequence++}`).digest("base64url").slice(0, 16);
  const officer = "user-custody";
  let reportCount = 0;

  type Report = {
    area: (typeof AREAS)[number];
    atMs: number;
    personId: string;
    named: boolean;
    /** What became of the follow-up. */
    outcome: "waiting" | "unreached" | "reached" | "consented";
  };

  const write = (tx: Db, r: Report) => {
    const referralId = id();
    const createdMs = r.atMs + random.int(20, 90) * 60_000;
    const reached = r.outcome === "reached" || r.outcome === "consented";
    const firstContactMs = reached ? createdMs + random.int(2, 72) * HOUR : null;
    const closed = r.outcome !== "waiting" && createdMs < end - 21 * DAY;
    const state: ReferralState = closed ? "closed" : "follow_up";
    tx.insert(arrestReferrals)
      .values({
        id: referralId,
        personId: r.personId,
        source: "naloxone",
        providerOrganisationId: r.area.provider,
        policeOrganisationId: "org-police",
        areaId: r.area.id,
        state,
        awaitingConsent: r.outcome !== "consented",
        assignedWorkerId: r.outcome === "waiting" ? null : r.area.worker,
        assignedOrganisationId: r.outcome === "waiting" ? null : r.area.provider,
        closureReason: closed
          ? r.outcome === "unreached"
            ? "unable_to_contact"
            : r.outcome === "reached"
              ? "declined_at_interview"
              : "no_needs_identified"
          : null,
        createdByUserId: officer,
        createdAt: iso(createdMs),
        claimedAt: r.outcome === "waiting" ? null : iso(createdMs + HOUR),
        firstContactAt: firstContactMs ? iso(firstContactMs) : null,
        closedAt: closed ? iso(createdMs + 14 * DAY) : null,
        updatedAt: iso(closed ? createdMs + 14 * DAY : (firstContactMs ?? createdMs)),
      })
      .run();
    tx.insert(referralStateChanges)
      .values({
        id: id(),
        arrestReferralId: referralId,
        fromState: null,
        toState: "follow_up",
        reason: "Near-fatal overdose: naloxone given by police",
        actorUserId: officer,
        at: iso(createdMs),
      })
      .run();
    if (r.outcome !== "waiting") {
      const attempts = r.outcome === "unreached" ? 3 : random.int(1, 2);
      for (let a = 0; a < attempts; a++) {
        const spoke = reached && a === attempts - 1;
        tx.insert(contactAttempts)
          .values({
            id: id(),
            arrestReferralId: referralId,
            attemptedAt: iso(spoke && firstContactMs ? firstContactMs : createdMs + (a + 1) * 6 * HOUR),
            method: r.named ? "phone" : "visit",
            result: spoke ? "spoke" : "no_answer",
            workerUserId: r.area.worker,
          })
          .run();
      }
    }
    if (r.outcome === "consented" && firstContactMs) {
      tx.insert(consents)
        .values({
          id: id(),
          personId: r.personId,
          scope: "speak_to_worker",
          arrestReferralId: referralId,
          method: "verbal",
          recordedByUserId: r.area.worker,
          recordedAt: iso(firstContactMs),
        })
        .run();
    }
    if (closed) {
      tx.insert(referralStateChanges)
        .values({
          id: id(),
          arrestReferralId: referralId,
          fromState: "follow_up",
          toState: "closed",
          actorUserId: r.area.worker,
          at: iso(createdMs + 14 * DAY),
        })
        .run();
    }
    tx.insert(naloxoneReports)
      .values({
        id: id(),
        policeOrganisationId: "org-police",
        reportedByUserId: officer,
        administeredAt: iso(r.atMs),
        areaId: r.area.id,
        postcode: random.chance(0.6)
          ? `${r.area.postcode} ${random.int(1, 9)}${random.pick(["AB", "DE", "HJ", "LN", "QR"])}`
          : "",
        locationDescription: random.pick(PLACES),
        patientState: random.weighted(PATIENT_STATES, [3, 5, 3, 1]),
        paraphernaliaPresent: random.chance(0.7),
        doses: random.weighted([1, 2, 3, 4] as const, [5, 4, 2, 1]),
        ambulanceResponded: random.chance(0.85),
        takenToHospital: random.chance(0.55),
        personId: r.personId,
        personNamedByOfficer: r.named,
        arrestReferralId: referralId,
        createdAt: iso(createdMs),
      })
      .run();
    reportCount++;
  };

  const newPerson = (tx: Db, named: boolean, atMs: number) => {
    const personId = id();
    const given = named ? random.pick(["Dale", "Shona", "Brodie", "Kayleigh", "Lewis", "Nicole", "Darren"]) : "";
    const family = named ? random.pick(["Laidlaw", "Gilmour", "Rennie", "Tulloch", "Mowat", "Cairney"]) : "";
    tx.insert(people)
      .values({
        id: personId,
        givenName: given,
        familyName: family,
        dateOfBirth: named
          ? `${random.int(1965, 2004)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`
          : "",
        givenNameKey: nameKey(given),
        familyNameKey: nameKey(family),
        isIdentified: named,
        createdAt: iso(atMs),
        lastActivityAt: iso(atMs),
      })
      .run();
    return personId;
  };

  db.transaction((tx) => {
    const repeaters: { id: string; area: (typeof AREAS)[number]; lastMs: number }[] = [];
    for (let day = 0; day < 730 - 7; day++) {
      const dayStart = start + day * DAY;
      for (const area of AREAS) {
        const expected = area.perMonth / 30;
        if (!random.chance(expected)) continue;
        const atMs = dayStart + random.int(0, DAY - 1);
        // About one NFO in six is someone who had one before (a third of those within 90 days).
        const earlier = repeaters.filter((p) => p.area === area && p.lastMs < atMs - 7 * DAY);
        let personId: string;
        let named = random.chance(0.55);
        if (earlier.length && random.chance(0.17)) {
          const person = random.pick(earlier);
          person.lastMs = atMs;
          personId = person.id;
          named = true;
        } else {
          personId = newPerson(tx as unknown as Db, named, atMs);
          if (named) repeaters.push({ id: personId, area, lastMs: atMs });
        }
        const outcome = random.weighted(["unreached", "reached", "consented"] as const, [3, 3, 4]);
        write(tx as unknown as Db, { area, atMs, personId, named, outcome });
      }
    }

    // Callan Imrie: found in Northfirth six weeks ago (reached, agreed, no needs he wanted help
    // with then) and again six days ago (waiting). H6's demo books him into custody later.
    tx.insert(people)
      .values({
        ...DEMO_TWO_NFO_PERSON,
        givenNameKey: nameKey(DEMO_TWO_NFO_PERSON.givenName),
        familyNameKey: nameKey(DEMO_TWO_NFO_PERSON.familyName),
        createdAt: iso(end - 42 * DAY),
        lastActivityAt: iso(end - 6 * DAY),
      })
      .run();
    const northfirth = AREAS[0];
    write(tx as unknown as Db, {
      area: northfirth,
      atMs: end - 42 * DAY,
      personId: DEMO_TWO_NFO_PERSON.id,
      named: true,
      outcome: "consented",
    });
    write(tx as unknown as Db, {
      area: northfirth,
      atMs: end - 6 * DAY,
      personId: DEMO_TWO_NFO_PERSON.id,
      named: true,
      outcome: "waiting",
    });
    // Follow-ups of the last hours, still waiting: one of them not yet identified.
    for (const [area, hoursAgo, named] of [
      [northfirth, 3, false],
      [AREAS[2], 9, true],
    ] as const) {
      const atMs = end - hoursAgo * HOUR;
      write(tx as unknown as Db, {
        area,
        atMs,
        personId: newPerson(tx as unknown as Db, named, atMs),
        named,
        outcome: "waiting",
      });
    }
  });
  return { reportCount };
}
