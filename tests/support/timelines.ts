// Reads every onward referral's outcome events back and asks the one rule set about each, in
// the order they were recorded: what the demo and the generator write must pass it too.
import type { Db } from "#db/connection";
import { timelineProblems, type TimelineEvent } from "~/domain/outcome-timeline";

export function outcomeTimelineProblemsIn(db: Db, now: Date) {
  const rows = db.$client
    .prepare(
      `SELECT o.id AS onwardId, o.created_at AS createdAt, e.kind, e.occurred_on AS occurredOn, e.detail
       FROM onward_referrals o JOIN outcome_events e ON e.onward_referral_id = o.id
       ORDER BY o.id, e.recorded_at, e.rowid`,
    )
    .all() as {
    onwardId: string;
    createdAt: string;
    kind: TimelineEvent["kind"];
    occurredOn: string;
    detail: string | null;
  }[];
  const byReferral = new Map<string, { createdAt: string; events: TimelineEvent[] }>();
  for (const row of rows) {
    const entry = byReferral.get(row.onwardId) ?? { createdAt: row.createdAt, events: [] };
    entry.events.push({
      kind: row.kind,
      occurredOn: row.occurredOn,
      detail: row.detail ? JSON.parse(row.detail) : null,
    });
    byReferral.set(row.onwardId, entry);
  }
  const problems: { onwardId: string; event: TimelineEvent; message: string }[] = [];
  for (const [onwardId, { createdAt, events }] of byReferral) {
    for (const { index, problem } of timelineProblems(createdAt, events, now))
      problems.push({ onwardId, event: events[index], message: problem.message });
  }
  return { checked: rows.length, problems };
}
