// A seeded pseudo-random generator (mulberry32) with the few distributions the demo cases and
// the data generator need. Everything random in either comes from one of these, so a seed
// gives the same database every time.

export type Random = ReturnType<typeof seededRandom>;

export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    /** A whole number from min to max, both included. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    between: (min: number, max: number) => min + next() * (max - min),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    /** Picks by weight; `weights` need not add up to 1. */
    weighted: <T>(items: readonly T[], weights: readonly number[]): T => {
      let total = 0;
      for (const w of weights) total += w;
      let roll = next() * total;
      for (let i = 0; i < items.length; i++) {
        roll -= weights[i];
        if (roll < 0) return items[i];
      }
      return items[items.length - 1];
    },
    /** An exponentially distributed wait with the given mean. */
    exponential: (mean: number) => -Math.log(1 - next()) * mean,
    /** Rounds x up or down so that the expected value is x. */
    round: (x: number) => Math.floor(x) + (next() < x - Math.floor(x) ? 1 : 0),
  };
}

/** A stable 32-bit seed from text (FNV-1a), to give each part of the world its own stream. */
export function seedOf(text: string, base = 0): number {
  let hash = (2166136261 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}
