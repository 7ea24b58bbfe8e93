/**
 * Lets the event loop run. A Vitest worker answers its runner over an RPC with a fixed 60-second
 * timer; a test that stays synchronous for longer on a busy machine fails the whole run although
 * every assertion passed. Tests with long synchronous work await this between the pieces.
 */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
