import { openDatabase } from "#db/connection";
import { listQueue, waitingSummary } from "~/domain/queue.server";
const db = openDatabase(process.argv[2]);
const org = process.argv[3];
const centreIds = db.$client.prepare("select custody_centre_id from provider_centres where organisation_id=?").pluck().all(org) as string[];
const reach = { centreIds, providerOrganisationId: org };
for (let i = 0; i < 3; i++) {
  for (const filter of ["open", "waiting", "mine"] as const) {
    let t = performance.now();
    const q = listQueue(db, { ...reach, workerId: "user-worker", filter });
    const a = performance.now() - t;
    t = performance.now();
    waitingSummary(db, reach);
    console.log(filter, q.rows.length, "listQueue", a.toFixed(1), "ms; waitingSummary", (performance.now() - t).toFixed(1), "ms");
  }
}
