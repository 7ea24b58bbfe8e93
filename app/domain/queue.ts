// The worker queue's page size and the rules the page shares with the queries.

/** How many referrals the queue shows at first, and how many more "Show more" adds. */
export const QUEUE_PAGE_SIZE = 25;
/** The most a worker can ask to see at once. */
export const QUEUE_MOST_SHOWN = 500;
/**
 * The custody clock (PACE s.41: 24 hours from arrival without a charge unless extended). Someone
 * still shown as waiting in custody past it has almost always gone and their release was never
 * recorded: they come after the people who can still be seen (decision 035).
 */
export const CUSTODY_CLOCK_HOURS = 24;
/** How many of the newest arrivals the "new since you last looked" notice names. */
export const QUEUE_NEWEST_NAMED = 5;

/** When the custody clock of someone who arrived at `arrivedAt` runs out. */
export function custodyClockEnds(arrivedAt: string) {
  return new Date(new Date(arrivedAt).getTime() + CUSTODY_CLOCK_HOURS * 3_600_000).toISOString();
}

/** Whether a referral arrived after the moment the worker last looked at the queue. */
export function isNewSince(createdAt: string, lastLooked: string | null) {
  return lastLooked !== null && createdAt > lastLooked;
}
