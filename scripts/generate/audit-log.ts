// The generated audit log. A referral's whole life is simulated the moment it is made, so its
// audit rows arrive out of time order; they wait in a min-heap until the simulation's clock
// passes them and are then written in time order, as the app would have written them (the
// writer's thread chains their hashes). The heap only ever holds the lives still in progress,
// so memory stays flat.
import type { Writer } from "./writer";

export type AuditRow = {
  atMs: number;
  userId: string | null;
  organisationId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  personId: string | null;
  ipAddress: string | null;
  detail: string | null;
};

type Entry = AuditRow & { order: number };

export class AuditLog {
  private heap: Entry[] = [];
  private order = 0;

  constructor(private readonly writer: Writer) {}

  get pending() {
    return this.heap.length;
  }

  add(row: AuditRow) {
    const entry = row as Entry;
    entry.order = this.order++;
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** Chains and writes every row at or before `untilMs`, oldest first. */
  flush(untilMs: number) {
    const heap = this.heap;
    while (heap.length && heap[0].atMs <= untilMs) {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && before(heap[l], heap[m])) m = l;
          if (r < heap.length && before(heap[r], heap[m])) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m], heap[i]];
          i = m;
        }
      }
      this.write(top);
    }
  }

  private write(e: Entry) {
    this.writer.insert(
      "audit_events",
      new Date(e.atMs).toISOString(),
      e.userId,
      e.organisationId,
      e.action,
      e.recordType,
      e.recordId,
      e.personId,
      e.ipAddress,
      e.detail,
    );
  }
}

const before = (a: Entry, b: Entry) => a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order);
