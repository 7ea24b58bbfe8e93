// Keys that come from a request (form field names, JSON, CSV headings, URL parameters) are
// data, never a way into an object's prototype. Objects built from them have no prototype,
// and lookups of a request-chosen key in a fixed table ask for the table's own keys only.

/** Names that reach or replace an object's prototype when used as a property name. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export const isPrototypeKey = (key: string) => PROTOTYPE_KEYS.has(key);

/** An empty object with no prototype: `__proto__` and `constructor` are ordinary keys in it. */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** Object.fromEntries without a prototype. */
export function recordFrom<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const record = emptyRecord<V>();
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** True when `key` is one of the table's own keys: `toString` or `constructor` are not. */
export function isOwnKey<T extends object>(table: T, key: unknown): key is keyof T {
  return typeof key === "string" && Object.hasOwn(table, key);
}

/** The table's value for a request-chosen key, or undefined when the key is not its own. */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
  return isOwnKey(table, key) ? table[key] : undefined;
}
