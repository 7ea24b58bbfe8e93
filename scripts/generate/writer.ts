// Writes generated rows fast. Rows are gathered into batches of BATCH_ROWS and handed to a
// worker thread (sink-worker.mjs) that inserts each batch in one transaction with prepared
// statements, so building rows and writing them use both cores. The worker drops the secondary
// indexes while loading and builds them once at the end: sorting once is far cheaper than
// keeping a dozen B-trees in order row by row. At most MAX_IN_FLIGHT batches wait, so memory
// stays flat however far generation runs ahead.
import { Worker } from "node:worker_threads";

const BATCH_ROWS = 10_000;
const MAX_IN_FLIGHT = 4;

export const COLUMNS = {
  areas: ["id", "kind", "name", "code", "parent_area_id", "created_at"],
  organisations: [
    "id",
    "name",
    "kind",
    "description",
    "email",
    "phone",
    "website",
    "queue_overdue_minutes",
    "follow_up_attempt_limit",
    "funds_all_areas",
    "created_at",
  ],
  custody_centres: [
    "id",
    "name",
    "code",
    "police_organisation_id",
    "division_area_id",
    "local_authority_area_id",
    "custody_reference_pattern",
    "custody_reference_example",
    "hours",
    "created_at",
  ],
  provider_centres: ["organisation_id", "custody_centre_id"],
  commissioner_areas: ["organisation_id", "area_id"],
  services: [
    "id",
    "organisation_id",
    "name",
    "kind",
    "description",
    "address",
    "postcode",
    "phone",
    "email",
    "hours",
    "eligibility",
    "is_taking_referrals",
    "capacity_per_month",
    "typical_wait_days",
    "last_verified_at",
    "created_at",
  ],
  service_areas: ["service_id", "area_id"],
  users: ["id", "email", "name", "password_hash", "role", "organisation_id", "last_sign_in_at", "created_at"],
  people: [
    "id",
    "given_name",
    "family_name",
    "date_of_birth",
    "given_name_key",
    "family_name_key",
    "police_identifier",
    "health_identifier",
    "phone",
    "created_at",
    "updated_at",
    "last_activity_at",
  ],
  custody_offers: [
    "id",
    "custody_centre_id",
    "result",
    "not_offered_reason",
    "custody_reference",
    "custody_episode_id",
    "reoffered_at",
    "recorded_by_user_id",
    "recorded_at",
  ],
  custody_episodes: [
    "id",
    "person_id",
    "custody_centre_id",
    "custody_reference",
    "arrived_at",
    "released_at",
    "disclosed_needs",
    "safety_notes",
    "recorded_by_user_id",
    "created_at",
  ],
  consents: [
    "id",
    "person_id",
    "scope",
    "arrest_referral_id",
    "service_id",
    "shared_domains",
    "contact_method",
    "method",
    "wording_id",
    "recorded_by_user_id",
    "recorded_at",
  ],
  arrest_referrals: [
    "id",
    "person_id",
    "custody_episode_id",
    "custody_centre_id",
    "state",
    "assigned_worker_id",
    "assigned_organisation_id",
    "closure_reason",
    "created_by_user_id",
    "created_at",
    "claimed_at",
    "first_contact_at",
    "released_before_seen",
    "closed_at",
    "updated_at",
    "version",
    "source",
    "police_organisation_id",
    "area_id",
  ],
  referral_state_changes: ["id", "arrest_referral_id", "from_state", "to_state", "reason", "actor_user_id", "at"],
  contact_attempts: ["id", "arrest_referral_id", "attempted_at", "method", "result", "worker_user_id"],
  needs_assessments: [
    "id",
    "arrest_referral_id",
    "person_id",
    "assessment_version",
    "status",
    "worker_user_id",
    "organisation_id",
    "answers",
    "drugs_level",
    "alcohol_level",
    "mental_health_level",
    "housing_level",
    "money_level",
    "employment_level",
    "physical_health_level",
    "family_level",
    "safety_level",
    "justice_level",
    "audit_c_score",
    "has_overdose_history",
    "has_self_harm_risk",
    "are_children_affected",
    "naloxone",
    "started_at",
    "updated_at",
    "completed_at",
    "row_version",
  ],
  onward_referrals: [
    "id",
    "arrest_referral_id",
    "person_id",
    "service_id",
    "need_domain",
    "priority",
    "consent_id",
    "out_of_area_reason",
    "status",
    "status_reason",
    "created_by_user_id",
    "referring_organisation_id",
    "created_at",
    "responded_at",
    "first_appointment_at",
    "first_attended_at",
    "last_outcome_at",
    "ended_at",
    "updated_at",
    "version",
  ],
  outcome_events: [
    "id",
    "onward_referral_id",
    "kind",
    "detail",
    "occurred_on",
    "reported_by_user_id",
    "reported_by_organisation_id",
    "source",
    "recorded_at",
  ],
  custody_throughput: [
    "id",
    "custody_centre_id",
    "month",
    "detentions",
    "disclosed_drugs",
    "disclosed_alcohol",
    "disclosed_mental_health",
    "updated_at",
  ],
  audit_events: [
    "at",
    "user_id",
    "organisation_id",
    "action",
    "record_type",
    "record_id",
    "person_id",
    "ip_address",
    "detail",
    "prev_hash",
    "hash",
  ],
} as const;

export type Table = keyof typeof COLUMNS;
type Value = string | number | null;

/** Tables whose secondary indexes are dropped while loading. */
const BULK_TABLES: Table[] = [
  "people",
  "custody_offers",
  "custody_episodes",
  "consents",
  "arrest_referrals",
  "referral_state_changes",
  "contact_attempts",
  "needs_assessments",
  "onward_referrals",
  "outcome_events",
  "audit_events",
];

const TABLES = Object.keys(COLUMNS) as Table[];
const TABLE_INDEX = new Map(TABLES.map((t, i) => [t, i]));

export type Finished = {
  rows: Record<string, number>;
  indexSeconds: number;
  retentionSeconds: number;
  anonymised: number;
  lastHash: string;
};

export class Writer {
  readonly counts = new Map<Table, number>(TABLES.map((t) => [t, 0]));
  private batch: Value[] = [];
  private batchRows = 0;
  private readonly inFlight = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private failure: Error | null = null;
  private onMessage: (message: { type: string; line?: string } & Partial<Finished>) => void = () => {};

  /** `prevHash`: the hash of the last audit row already in the file (or the genesis hash). */
  constructor(path: string, prevHash: string) {
    this.worker = new Worker(new URL("./sink-worker.mjs", import.meta.url), {
      workerData: {
        path,
        prevHash,
        bulkTables: BULK_TABLES,
        tables: TABLES.map((t) => [t, COLUMNS[t]]),
        flow: this.inFlight.buffer,
      },
    });
    this.worker.on("error", (error) => (this.failure = error));
    this.worker.on("message", (message) => this.onMessage(message));
  }

  /** Values in the order of COLUMNS[table]; for audit_events, without prev_hash and hash. */
  insert(table: Table, ...values: Value[]) {
    this.batch.push(TABLE_INDEX.get(table)!);
    for (const v of values) this.batch.push(v);
    this.counts.set(table, this.counts.get(table)! + 1);
    if (++this.batchRows >= BATCH_ROWS) this.commit();
  }

  /** Hands the batch to the worker, first waiting while too many are queued. */
  commit() {
    if (this.failure) throw this.failure;
    if (this.batchRows === 0) return;
    while (Atomics.load(this.inFlight, 0) >= MAX_IN_FLIGHT) {
      Atomics.wait(this.inFlight, 0, Atomics.load(this.inFlight, 0), 1000);
      if (this.failure) throw this.failure;
    }
    Atomics.add(this.inFlight, 0, 1);
    this.worker.postMessage({ type: "batch", rows: this.batch });
    this.batch = [];
    this.batchRows = 0;
  }

  /**
   * Writes what is left, builds the indexes, anonymises everyone past retention at `now` (the
   * steady state of a deployment whose hourly retention job has been running) and closes the file.
   */
  finish(retention: { nowIso: string; cutoffIso: string }, progress: (line: string) => void): Promise<Finished> {
    this.commit();
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.worker.on("error", reject);
      this.onMessage = (message) => {
        if (message.type === "progress") progress(message.line!);
        if (message.type === "finished") {
          void this.worker.terminate();
          resolve(message as Finished);
        }
      };
      this.worker.postMessage({ type: "finish", retention });
    });
  }

  get totalRows() {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }
}
