// The generator's database side, in its own thread so that building rows and writing them run
// on two cores at once. It receives batches of rows as flat arrays, inserts each batch in one
// transaction with prepared statements, chains the audit rows (the same SHA-256 chain as
// app/domain/audit.server.ts chainHash; run.ts checks a sample against that function), and at
// the end builds the indexes it dropped at the start. Plain JavaScript: a worker thread gets no
// TypeScript loader under every runner (tsx, vitest).
import { hash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, tables, bulkTables, prevHash: initialHash, flow } = workerData;
const inFlight = new Int32Array(flow);

const sqlite = new Database(path);
sqlite.pragma("journal_mode = OFF");
sqlite.pragma("synchronous = OFF");
sqlite.pragma("locking_mode = EXCLUSIVE");
sqlite.pragma("foreign_keys = OFF");
sqlite.pragma("cache_size = -1000000");

// Indexes on a key that only grows as rows arrive (audit rows come in time order, referrals in
// order of creation) are cheap to keep: every insert appends at the right-hand edge.
const KEPT = ["audit_events_at", "arrest_referrals_created"];
const list = bulkTables.map((t) => `'${t}'`).join(", ");
const dropped = sqlite
  .prepare(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${list}) ORDER BY name`,
  )
  .all()
  .filter((index) => !KEPT.includes(index.name));
for (const index of dropped) sqlite.exec(`DROP INDEX ${index.name}`);
// The triggers that mark commissioner figures stale, and those that give each counted record its
// random key, would fire on every row; run.ts works the figures out once at the end instead, and
// the keys are given below in one statement a table.
const triggers = sqlite
  .prepare(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'figures_stale_%' OR name LIKE 'record_key_%')",
  )
  .all();
for (const trigger of triggers) sqlite.exec(`DROP TRIGGER ${trigger.name}`);

// Rows go in by ROWS_PER_STATEMENT at a time (INSERT … VALUES (…), (…), …): one call into
// SQLite for many rows. Order between tables does not matter while foreign keys are off.
const ROWS_PER_STATEMENT = 64;
const insertSql = (name, columns, rows) =>
  `INSERT INTO ${name} (${columns.join(", ")}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => "?").join(", ")})`).join(", ")}`;
/** tables[i] = [name, columns]; the audit table's last two columns (prev_hash, hash) are computed here. */
const many = tables.map(([name, columns]) => sqlite.prepare(insertSql(name, columns, ROWS_PER_STATEMENT)));
const one = tables.map(([name, columns]) => sqlite.prepare(insertSql(name, columns, 1)));
const columnCounts = tables.map(([, columns]) => columns.length);
const widths = tables.map(([name, columns]) => (name === "audit_events" ? columns.length - 2 : columns.length));
const auditTable = tables.findIndex(([name]) => name === "audit_events");
const buffers = tables.map(() => []);
let prevHash = initialHash;

function flushTable(table, isFinal) {
  const buffer = buffers[table];
  const width = columnCounts[table];
  if (buffer.length === width * ROWS_PER_STATEMENT) {
    many[table].run(buffer);
    buffer.length = 0;
  } else if (isFinal) {
    for (let i = 0; i < buffer.length; i += width) one[table].run(buffer.slice(i, i + width));
    buffer.length = 0;
  }
}

/** fields: [at, userId, organisationId, action, recordType, recordId, personId, ipAddress, detail]. */
function insertAudit(fields) {
  // Exactly chainHash's content: the fields as a JSON array, after the previous hash and "|".
  const next = hash("sha256", `${prevHash}|${JSON.stringify(fields)}`);
  const buffer = buffers[auditTable];
  for (const v of fields) buffer.push(v);
  buffer.push(prevHash, next);
  prevHash = next;
  flushTable(auditTable, false);
}

function insertBatch(flat) {
  sqlite.exec("BEGIN");
  let i = 0;
  while (i < flat.length) {
    const table = flat[i++];
    const width = widths[table];
    const buffer = buffers[table];
    if (table === auditTable) {
      insertAudit(flat.slice(i, i + width));
    } else {
      for (let k = 0; k < width; k++) buffer.push(flat[i + k]);
    }
    i += width;
    flushTable(table, false);
  }
  sqlite.exec("COMMIT");
}

parentPort.on("message", (message) => {
  if (message.type === "batch") {
    insertBatch(message.rows);
    Atomics.sub(inFlight, 0, 1);
    Atomics.notify(inFlight, 0);
    return;
  }
  if (message.type === "finish") {
    sqlite.exec("BEGIN");
    buffers.forEach((_, table) => flushTable(table, true));
    sqlite.exec("COMMIT");
    const started = performance.now();
    // Sorting for the indexes: let SQLite use a second core and more memory.
    sqlite.pragma("threads = 2");
    sqlite.pragma("cache_size = -2000000");
    dropped.forEach((index, n) => {
      parentPort.postMessage({ type: "progress", line: `index ${n + 1}/${dropped.length}: ${index.name}` });
      sqlite.exec(index.sql);
    });
    // A returning person's record shows their latest activity, as the app keeps it.
    sqlite.exec(`
      UPDATE people SET last_activity_at = latest.at, updated_at = latest.at
      FROM (SELECT person_id, max(created_at) AS at FROM arrest_referrals GROUP BY person_id HAVING count(*) > 1) AS latest
      WHERE people.id = latest.person_id`);
    const indexSeconds = (performance.now() - started) / 1000;
    const retentionStarted = performance.now();
    parentPort.postMessage({ type: "progress", line: "anonymising everyone past retention" });
    const anonymised = anonymisePastRetention(message.retention);
    const retentionSeconds = (performance.now() - retentionStarted) / 1000;
    for (const table of [
      "arrest_referrals",
      "custody_offers",
      "custody_throughput",
      "needs_assessments",
      "onward_referrals",
    ]) {
      sqlite.exec(`UPDATE ${table} SET record_key = abs(random() % 1048576) WHERE record_key IS NULL`);
    }
    for (const trigger of triggers) sqlite.exec(trigger.sql);
    const rows = {};
    for (const [name] of tables) rows[name] = sqlite.prepare(`SELECT count(*) AS n FROM ${name}`).get().n;
    sqlite.pragma("locking_mode = NORMAL");
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
    parentPort.postMessage({ type: "finished", rows, indexSeconds, retentionSeconds, anonymised, lastHash: prevHash });
  }
});

// A person's last activity exactly as app/domain/retention.server.ts lastActivity defines it.
const LAST_ACTIVITY = `max(
  coalesce(p.last_activity_at, p.created_at),
  coalesce(p.updated_at, ''),
  coalesce((select max(coalesce(e.released_at, e.arrived_at)) from custody_episodes e where e.person_id = p.id), ''),
  coalesce((select max(r.updated_at) from arrest_referrals r where r.person_id = p.id), ''),
  coalesce((select max(c.attempted_at) from contact_attempts c join arrest_referrals r on r.id = c.arrest_referral_id where r.person_id = p.id), ''),
  coalesce((select max(a.updated_at) from needs_assessments a where a.person_id = p.id), ''),
  coalesce((select max(o.updated_at) from onward_referrals o where o.person_id = p.id), ''),
  coalesce((select max(v.recorded_at) from outcome_events v join onward_referrals o on o.id = v.onward_referral_id where o.person_id = p.id), ''),
  coalesce((select max(coalesce(k.withdrawn_at, k.recorded_at)) from consents k where k.person_id = p.id), '')
)`;

/**
 * What the app's hourly retention job (anonymisePerson) would have done by `now`, in a few
 * set-wise statements: names, identifiers and contact details gone, only the year of birth
 * kept, custody references replaced, free text dropped; an audit row for each person. The
 * generator writes no free-text notes, so only the fields it does write are cleared here.
 */
function anonymisePastRetention({ nowIso, cutoffIso }) {
  sqlite.exec("BEGIN");
  sqlite.exec("CREATE TEMP TABLE past_retention (id TEXT PRIMARY KEY, last TEXT NOT NULL)");
  sqlite
    .prepare(
      `INSERT INTO past_retention SELECT p.id, ${LAST_ACTIVITY} AS last FROM people p WHERE p.anonymised_at IS NULL AND last < ?`,
    )
    .run(cutoffIso);
  const past = "SELECT id FROM past_retention";
  sqlite
    .prepare(
      `UPDATE people SET given_name = 'Anonymised', family_name = 'person', date_of_birth = substr(date_of_birth, 1, 4) || '-01-01',
         given_name_key = '', family_name_key = '', police_identifier = NULL, health_identifier = NULL, phone = NULL, updated_at = ?, anonymised_at = ?
       WHERE id IN (${past})`,
    )
    .run(nowIso, nowIso);
  sqlite.exec(
    `UPDATE custody_offers SET custody_reference = NULL WHERE custody_episode_id IN (SELECT e.id FROM custody_episodes e WHERE e.person_id IN (${past}))`,
  );
  sqlite.exec(
    `UPDATE custody_episodes SET custody_reference = 'anonymised-' || id, safety_notes = '' WHERE person_id IN (${past})`,
  );
  sqlite.exec(
    `UPDATE onward_referrals SET out_of_area_reason = NULL WHERE person_id IN (${past}) AND out_of_area_reason IS NOT NULL`,
  );
  sqlite.exec(
    `UPDATE outcome_events SET detail = json_remove(detail, '$.place', '$.reasonText')
     WHERE kind IN ('appointment_booked', 'on_hold') AND onward_referral_id IN (SELECT o.id FROM onward_referrals o WHERE o.person_id IN (${past}))`,
  );
  sqlite.exec(`UPDATE consents SET contact_method = NULL WHERE person_id IN (${past}) AND contact_method IS NOT NULL`);
  const people = sqlite.prepare("SELECT id, last FROM past_retention ORDER BY last, id").all();
  for (const person of people) {
    insertAudit([
      nowIso,
      null,
      null,
      "person.anonymised",
      "person",
      person.id,
      person.id,
      null,
      JSON.stringify({ lastActivityAt: person.last, cutoff: cutoffIso }),
    ]);
  }
  flushTable(auditTable, true);
  sqlite.exec("DROP TABLE past_retention");
  sqlite.exec("COMMIT");
  return people.length;
}
