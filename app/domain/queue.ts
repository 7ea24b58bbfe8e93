// The worker queue's page size, shared by the page and the queries.

/** How many referrals the queue shows at first, and how many more "Show more" adds. */
export const QUEUE_PAGE_SIZE = 25;
/** The most a worker can ask to see at once. */
export const QUEUE_MOST_SHOWN = 500;
