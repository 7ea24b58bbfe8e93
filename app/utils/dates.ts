// Small date helpers. Times are stored as ISO-8601 UTC strings; pages show UK local time.

export const nowIso = () => new Date().toISOString();

const timeZone = "Europe/London";

// Made once: building an Intl.DateTimeFormat costs far more than using one (a list of 300
// referrals spent most of its time here).
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone });
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return dateTimeFormat.format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = iso.length === 10 ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return dateFormat.format(date);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return timeFormat.format(new Date(iso));
}

/** "35 min", "2 h 10 min", "3 days": how long ago or how long something has waited. */
export function formatDuration(fromIso: string, to: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - new Date(fromIso).getTime()) / 60000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

export function minutesBetween(fromIso: string, to: Date = new Date()): number {
  return Math.floor((to.getTime() - new Date(fromIso).getTime()) / 60000);
}

// The one UK time-zone conversion: a UK wall-clock time is held in a Date's UTC fields.
const wallFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The UK wall-clock time at an instant, held in a Date's UTC fields. */
export function toUkWall(date: Date): Date {
  const time = date.getTime();
  if (!Number.isFinite(time)) return wallByIntl(date);
  return new Date(time + ukOffsetInHour(time));
}

function wallByIntl(date: Date): Date {
  const p = Object.fromEntries(wallFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second, date.getUTCMilliseconds()));
}

// Asking Intl costs microseconds, and the commissioner figures convert thousands of instants a
// view. The UK's clocks change on the hour (01:00 UTC), so the offset is asked for once for each
// UTC hour in which it is the same at both ends, and asked for each instant in any other hour.
const HOUR_MS = 3_600_000;
const offsetsByHour = new Map<number, number | null>();

function ukOffsetInHour(time: number): number {
  const hour = Math.floor(time / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const end = start + HOUR_MS - 1;
    const atStart = wallByIntl(new Date(start)).getTime() - start;
    offset = wallByIntl(new Date(end)).getTime() - end === atStart ? atStart : null;
    if (offsetsByHour.size >= 100_000) offsetsByHour.clear();
    offsetsByHour.set(hour, offset);
  }
  return offset ?? wallByIntl(new Date(time)).getTime() - time;
}

/** The instant at which the UK wall clock shows `wall` (its UTC fields). */
export function fromUkWall(wall: Date): Date {
  const offset = toUkWall(wall).getTime() - wall.getTime();
  const guess = new Date(wall.getTime() - offset);
  const offsetAtGuess = toUkWall(guess).getTime() - guess.getTime();
  return new Date(wall.getTime() - offsetAtGuess);
}

/** The UK calendar date (YYYY-MM-DD) of an instant. */
export function ukDateOf(date: Date): string {
  return toUkWall(date).toISOString().slice(0, 10);
}

/** "2026-11-23T09:15" typed in a datetime-local field in the UK → ISO UTC, or null if not a time. */
export function ukLocalToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const wall = new Date(`${local}Z`);
  if (Number.isNaN(wall.getTime())) return null;
  return fromUkWall(wall).toISOString();
}

/** ISO UTC → the value a datetime-local field shows in the UK. */
export function isoToUkLocal(iso: string): string {
  return toUkWall(new Date(iso)).toISOString().slice(0, 16);
}
