// The service directory's rules that need no database: when a service's details are due to
// be checked again with the service.

/** Details not checked with the service for this long are flagged for checking. */
export const VERIFY_EVERY_MONTHS = 6;

export function verificationDueSince(now = new Date()): string {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - VERIFY_EVERY_MONTHS);
  return since.toISOString();
}

export function isVerificationDue(lastVerifiedAt: string | null, now = new Date()): boolean {
  return lastVerifiedAt === null || lastVerifiedAt < verificationDueSince(now);
}
