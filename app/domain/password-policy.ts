// Password rules (NCSC / ASVS): at least 12 characters, no composition rules, not a common
// password, never truncated. The common list ships with the app. Checked where a password is
// set: the set-password page, which serves both invitations and resets.
import { commonPasswords as commonPasswordList } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const commonPasswords = new Set(commonPasswordList);

const squash = (password: string) => password.toLowerCase().replace(/\s+/g, "");

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(squash(password)) || commonPasswords.has(password.toLowerCase());
}

/** Why this password may not be used, in words for the person choosing it; null when it may. */
export function passwordProblem(password: string, email = ""): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (address && (lower === address || lower === address.split("@")[0]))
    return "Do not use your email address as your password";
  if (new Set(password).size < 4) return "Use a password that is harder to guess";
  if (isCommonPassword(password)) return "This password is too common: choose one that others would not guess";
  return null;
}
