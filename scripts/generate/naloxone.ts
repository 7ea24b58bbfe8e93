// Near-fatal overdoses (naloxone given by police) at national rates, written after the rest of
// the history: each with its report, its person (named by the officer about half the time, the
// others not yet identified) and its follow-up referral from the "naloxone" door, reached or
// not by the provider covering the area. Rate: the inspection's 960 administrations in about
// 16 months for Scotland, against Scotland's ~100,000 detentions a year (the scotland-1y scale),
// so about 7 NFOs per 1,000 detentions at every scale (about 7,000 a year for the UK).
import { nameKey } from "../../app/domain/people";
import { PATIENT_STATES } from "../../db/schema";
import { seededRandom, seedOf } from "../seed/random";
import { FAMILY_NAMES, GIVEN_NAMES } from "./names";
import type { Db } from "../../db/connection";
import type { Scale, World } from "./world";

export const NFOS_PER_DETENTION = 960 / 16 / (100_000 / 12);
/** A later NFO of someone known: about one in six. */
const REPEAT_SHARE = 0.17;

export function generateNaloxone(db: Db, options: { world: World; scale: Scale; seed: number; nowMs: number }): number {
  const { world, scale, nowMs } = options;
  const random = seededRandom(seedOf("naloxone", options.seed));
  const now = new Date(nowMs);
  const firstMonth = now.getUTCFullYear() * 12 + now.getUTCMonth() - scale.months;
  const monthStart = (i: number) => Date.UTC(Math.floor((firstMonth + i) / 12), (firstMonth + i) % 12, 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  const key = () => Math.floor(random.next() * 1048576);
  const client = db.$client;

  // The areas each provider covers outside custody, as the app keeps them (provider_areas).
  client.exec(`INSERT OR IGNORE INTO provider_areas (organisation_id, area_id)
    SELECT DISTINCT pc.organisation_id, c.local_authority_area_id FROM provider_centres pc
    JOIN custody_centres c ON c.id = pc.custody_centre_id`);

  const insertPerson = client.prepare(`INSERT INTO people (id, given_name, family_name, date_of_birth, given_name_key,
    family_name_key, is_identified, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertReferral =
    client.prepare(`INSERT INTO arrest_referrals (id, record_key, person_id, source, provider_organisation_id,
    police_organisation_id, area_id, state, awaiting_consent, assigned_worker_id, assigned_organisation_id, closure_reason,
    created_by_user_id, created_at, claimed_at, first_contact_at, closed_at, updated_at)
    VALUES (?, ?, ?, 'naloxone', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertChange =
    client.prepare(`INSERT INTO referral_state_changes (id, arrest_referral_id, from_state, to_state, reason,
    actor_user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertAttempt =
    client.prepare(`INSERT INTO contact_attempts (id, arrest_referral_id, attempted_at, method, result,
    worker_user_id) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertReport =
    client.prepare(`INSERT INTO naloxone_reports (id, record_key, police_organisation_id, reported_by_user_id,
    administered_at, area_id, postcode, location_description, patient_state, paraphernalia_present, doses,
    ambulance_responded, taken_to_hospital, person_id, person_named_by_officer, arrest_referral_id, created_at)
    VALUES (?, ?, ?, ?, ?, ?, '', 'Generated', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  let n = 0;
  const known = new Map<string, string[]>();
  client.transaction(() => {
    for (let m = 0; m <= scale.months; m++) {
      const start = monthStart(m);
      const end = Math.min(monthStart(m + 1), nowMs);
      if (end <= start) break;
      for (const centre of world.centres) {
        const count = random.round(centre.monthlyDetentions * NFOS_PER_DETENTION * ((end - start) / (31 * 86400_000)));
        for (let i = 0; i < count; i++) {
          n += 1;
          const id = `gn${n.toString(36).padStart(7, "0")}`;
          const atMs = start + Math.floor(random.next() * (end - start - 3600_000));
          const provider = random.pick(centre.providers);
          const worker = random.pick(provider.workerIds);
          const officer = random.pick(centre.officerIds);
          const earlier = known.get(centre.laId) ?? [];
          let personId: string;
          let named = random.chance(0.55);
          if (earlier.length && random.chance(REPEAT_SHARE)) {
            personId = random.pick(earlier);
            named = true;
          } else {
            personId = `${id}p`;
            const given = named ? random.pick(GIVEN_NAMES) : "";
            const family = named ? random.pick(FAMILY_NAMES) : "";
            const dob = named
              ? `${random.int(1962, 2005)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`
              : "";
            insertPerson.run(
              personId,
              given,
              family,
              dob,
              nameKey(given),
              nameKey(family),
              named ? 1 : 0,
              iso(atMs),
              iso(atMs),
            );
            if (named) known.set(centre.laId, [...earlier.slice(-200), personId]);
          }
          const createdMs = atMs + random.int(20, 90) * 60_000;
          const outcome = random.weighted(["unreached", "reached", "consented"] as const, [3, 3, 4]);
          const reached = outcome !== "unreached";
          const contactMs = reached ? createdMs + random.int(2, 96) * 3600_000 : null;
          const open = createdMs > nowMs - 14 * 86400_000;
          const closedMs = open ? null : createdMs + 14 * 86400_000;
          const referralId = `${id}r`;
          insertReferral.run(
            referralId,
            key(),
            personId,
            provider.id,
            centre.policeOrganisationId,
            centre.laId,
            open ? "follow_up" : "closed",
            outcome === "consented" ? 0 : 1,
            open ? null : worker,
            open ? null : provider.id,
            open ? null : outcome === "unreached" ? "unable_to_contact" : "no_needs_identified",
            officer,
            iso(createdMs),
            open ? null : iso(createdMs + 3600_000),
            contactMs && contactMs <= nowMs ? iso(contactMs) : null,
            closedMs ? iso(closedMs) : null,
            iso(closedMs ?? createdMs),
          );
          insertChange.run(`${id}s`, referralId, null, "follow_up", "Near-fatal overdose", officer, iso(createdMs));
          if (closedMs) insertChange.run(`${id}c`, referralId, "follow_up", "closed", null, worker, iso(closedMs));
          if (!open)
            insertAttempt.run(
              `${id}a`,
              referralId,
              iso(contactMs ?? createdMs + 6 * 3600_000),
              "phone",
              reached ? "spoke" : "no_answer",
              worker,
            );
          insertReport.run(
            id,
            key(),
            centre.policeOrganisationId,
            officer,
            iso(atMs),
            centre.laId,
            random.weighted(PATIENT_STATES, [3, 5, 3, 1]),
            random.chance(0.7) ? 1 : 0,
            random.weighted([1, 2, 3, 4], [5, 4, 2, 1]),
            random.chance(0.85) ? 1 : 0,
            random.chance(0.55) ? 1 : 0,
            personId,
            named ? 1 : 0,
            referralId,
            iso(createdMs),
          );
        }
      }
    }
  })();
  return n;
}
