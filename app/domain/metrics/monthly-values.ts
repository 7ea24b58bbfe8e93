// Pure helpers the monthly figures share (monthly-refresh.server.ts writes groups, monthly.server.ts
// reads them): cell keys, the groups kept for a centre-month and lists of [value, how many] counts.
import type { ValueCounts } from "./scope.server";

/** Worked out as if every window had passed and every appointment had happened; put right when read. */
export const EVERYTHING_PASSED = new Date("9999-12-31T00:00:00.000Z");

export type Counts = Record<string, number>;

/** One cell key from cellGrouping: "centre|2026-03(-14)|provider|detail". */
export function splitKey(key: string) {
  const [centre, when, provider, detail] = key.split("|");
  return { centre, month: when.slice(0, 7), day: when.length > 7 ? when : "", provider, detail };
}

/**
 * A stored row's groups, by "provider|detail|day": counts (in the order of the figure's
 * `empty`, each count's cell key among them) or, for a median, [value, how many, sum of record
 * keys] triples. Each figure has two rows a centre-month:
 * "*|*|day" groups adding every provider and detail together (all that a view without a provider
 * or detail split reads), and its ":split" row with each provider and detail apart.
 */
export type Groups = Map<string, number[] | Map<number, [number, number]>>;
export const ALL = "*";
export const subKey = (provider: string, detail: string, day: string) => `${provider}|${detail}|${day}`;

export function addInto(groups: Groups, sub: string, values: number[] | ValueCounts, spread: boolean) {
  if (spread) {
    const counts =
      (groups.get(sub) as Map<number, [number, number]> | undefined) ?? new Map<number, [number, number]>();
    for (const [value, n, k] of values as ValueCounts) {
      const sum = counts.get(value);
      counts.set(value, sum ? [sum[0] + n, sum[1] + k] : [n, k]);
    }
    groups.set(sub, counts);
  } else {
    const sum = groups.get(sub) as number[] | undefined;
    if (sum) (values as number[]).forEach((v, i) => (sum[i] += v));
    else groups.set(sub, [...(values as number[])]);
  }
}

export const asJson = (groups: Groups) =>
  JSON.stringify(
    Object.fromEntries(
      [...groups].map(([sub, v]) => [
        sub,
        v instanceof Map ? [...v].sort(([a], [b]) => a - b).map(([value, [n, k]]) => [value, n, k]) : v,
      ]),
    ),
  );

export const daysOf = (figure: string) => `${figure}:days`;
export const splitOf = (figure: string) => `${figure}:split`;

/** The centre of the national rows: every centre's month added together, without providers. */
export const NATIONAL = "*";

/** Two [value, how many] lists, each in order of value, added up into one in order. */
export function addValueCounts(a: ValueCounts, b: ValueCounts): ValueCounts {
  const sum: (readonly [number, number, number])[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i][0] < b[j][0]) sum.push(a[i++]);
    else if (b[j][0] < a[i][0]) sum.push(b[j++]);
    else {
      sum.push([a[i][0], a[i][1] + b[j][1], a[i][2] + b[j][2]]);
      i++;
      j++;
    }
  }
  while (i < a.length) sum.push(a[i++]);
  while (j < b.length) sum.push(b[j++]);
  return sum;
}

/** Adds up many lists in pairs, so that each value is handled a few times rather than once per list. */
export function addAllValueCounts(lists: ValueCounts[]): ValueCounts {
  while (lists.length > 1) {
    const next: ValueCounts[] = [];
    for (let i = 0; i < lists.length; i += 2)
      next.push(i + 1 < lists.length ? addValueCounts(lists[i], lists[i + 1]) : lists[i]);
    lists = next;
  }
  return lists[0] ?? [];
}
