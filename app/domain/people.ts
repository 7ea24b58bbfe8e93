// Recognising a returning person. Matching is forgiving (case, spacing, accents, hyphens,
// swapped names, one-character typos, a mistyped date of birth) but never decides on its own:
// it offers likely matches and a person confirms.

/** "  Seán O'Brien-Kelly " → "seanobrienkelly": what name comparison works on. */
export function nameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

/** The parts of a name split at spaces and hyphens, each as a key: "Smith-Jones" → ["smith", "jones"]. */
function nameParts(name: string): string[] {
  return name
    .split(/[\s\-‐–]+/)
    .map(nameKey)
    .filter((p) => p.length > 0);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

type NameCloseness = "same" | "near" | "different";

function compareNames(typed: string, known: string): NameCloseness {
  const a = nameKey(typed);
  const b = nameKey(known);
  if (!a || !b) return "different";
  if (a === b) return "same";
  // One slip of the keyboard in a name long enough for that to mean something.
  if (Math.min(a.length, b.length) >= 4 && editDistance(a, b) <= 1) return "near";
  // One part of a double-barrelled or multi-part name: "Smith" for "Smith-Jones".
  const typedParts = nameParts(typed);
  const knownParts = nameParts(known);
  if (
    (typedParts.length > 1 || knownParts.length > 1) &&
    typedParts.some((p) => p.length >= 3 && knownParts.includes(p))
  ) {
    return "near";
  }
  return "different";
}

type DateCloseness = "same" | "near" | "different";

/** Dates as YYYY-MM-DD. Near: day and month swapped, or one digit wrong. */
export function compareDatesOfBirth(typed: string, known: string): DateCloseness {
  if (typed === known) return "same";
  const [ty, tm, td] = typed.split("-");
  const [ky, km, kd] = known.split("-");
  if (ty === ky && tm === kd && td === km) return "near";
  const a = typed.replace(/-/g, "");
  const b = known.replace(/-/g, "");
  if (a.length === 8 && b.length === 8) {
    let differing = 0;
    for (let i = 0; i < 8; i++) if (a[i] !== b[i]) differing++;
    if (differing === 1) return "near";
  }
  return "different";
}

/** Every date one typo away from `dateOfBirth`: the candidates worth fetching from the database. */
export function nearbyDatesOfBirth(dateOfBirth: string): string[] {
  const [y, m, d] = dateOfBirth.split("-");
  const digits = `${y}${m}${d}`;
  const dates = new Set<string>([dateOfBirth, `${y}-${d}-${m}`]);
  for (let i = 0; i < digits.length; i++) {
    for (let digit = 0; digit <= 9; digit++) {
      const changed = digits.slice(0, i) + digit + digits.slice(i + 1);
      dates.add(`${changed.slice(0, 4)}-${changed.slice(4, 6)}-${changed.slice(6, 8)}`);
    }
  }
  return [...dates];
}

export type PersonQuery = {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  policeIdentifier?: string;
  healthIdentifier?: string;
};

export type KnownPerson = {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  policeIdentifier: string | null;
  healthIdentifier: string | null;
};

export type MatchStrength = "identifier" | "exact" | "likely";

const normaliseIdentifier = (id: string | null | undefined) => (id ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");

/**
 * How well a known person matches what was typed, or null for no match. Scores order the list:
 * an identifier beats everything; then exact name and date; then near misses.
 */
export function matchPerson(
  query: PersonQuery,
  known: KnownPerson,
): { strength: MatchStrength; score: number; reasons: string[] } | null {
  const police = normaliseIdentifier(query.policeIdentifier);
  const health = normaliseIdentifier(query.healthIdentifier);
  if (police && police === normaliseIdentifier(known.policeIdentifier)) {
    return { strength: "identifier", score: 100, reasons: ["same police identifier"] };
  }
  if (health && health === normaliseIdentifier(known.healthIdentifier)) {
    return { strength: "identifier", score: 100, reasons: ["same health identifier"] };
  }
  if (!query.dateOfBirth || !query.familyName) return null;

  const date = compareDatesOfBirth(query.dateOfBirth, known.dateOfBirth);
  if (date === "different") return null;

  const given = query.givenName ? compareNames(query.givenName, known.givenName) : "same";
  const family = compareNames(query.familyName, known.familyName);
  const reasons: string[] = [];
  let score: number;

  if (given !== "different" && family !== "different") {
    const nameSlips = (given === "near" ? 1 : 0) + (family === "near" ? 1 : 0);
    if (nameSlips === 0 && date === "same")
      return { strength: "exact", score: 95, reasons: ["same name and date of birth"] };
    // A typo in the name and another in the date is too loose to offer.
    if (nameSlips > 0 && date === "near") return null;
    score = date === "near" ? 70 : 85 - nameSlips * 5;
    if (nameSlips) reasons.push("name spelled slightly differently");
    if (date === "near") reasons.push("date of birth differs by one digit or day and month swapped");
  } else {
    // Given and family names entered the wrong way round.
    const swappedGiven = query.givenName ? compareNames(query.givenName, known.familyName) : "different";
    const swappedFamily = compareNames(query.familyName, known.givenName);
    if (swappedGiven === "different" || swappedFamily === "different" || date !== "same") return null;
    score = 75;
    reasons.push("given and family names swapped");
  }
  return { strength: "likely", score, reasons };
}

/**
 * A match custody must answer before making a referral: the same identifier, the same name and
 * date of birth, or the same date with one slip in a name. Looser ones are shown but optional.
 */
export function isStrongMatch(match: { strength: MatchStrength; score: number }): boolean {
  return match.strength !== "likely" || match.score >= 80;
}

/** Matches that make "this is a new person" need a reason: nobody could tell them apart by what was typed. */
export function isExactMatch(match: { strength: MatchStrength }): boolean {
  return match.strength !== "likely";
}
