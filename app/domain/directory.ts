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

/** An address in HSDS's parts; `address` on a service is these joined, as pages show it. */
export type AddressParts = { addressLine1: string; addressLine2: string; city: string; region: string };

/** The one-line address pages show: the first lines and the town, as written. */
export function addressLine(parts: Omit<AddressParts, "region">): string {
  return [parts.addressLine1, parts.addressLine2, parts.city]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(", ");
}

/**
 * An address typed as one line (the admin form) is kept whole as its first line: where the
 * town starts is not guessed ("…Ardlachan harbour (Wed, Sat)" has no town after its last comma).
 */
export function addressFromOneLine(line: string): AddressParts {
  return { addressLine1: line.trim(), addressLine2: "", city: "", region: "" };
}
