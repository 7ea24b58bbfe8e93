// Password rules (NCSC / ASVS): at least 12 characters, no composition rules, not a common
// password, never truncated. The common list ships with the app.
import { z } from "zod";
import commonPasswordList from "./common-passwords.txt?raw";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const commonPasswords = new Set(
  commonPasswordList
    .split("\n")
    .map((p) => p.trim())
    .filter(Boolean),
);

const squash = (password: string) => password.toLowerCase().replace(/\s+/g, "");

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(squash(password)) || commonPasswords.has(password.toLowerCase());
}

/** A new password: long enough, not too long to hash, not on the common list. */
export const newPasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`)
  .max(MAX_PASSWORD_LENGTH, `Use ${MAX_PASSWORD_LENGTH} characters or fewer`)
  .refine((p) => !isCommonPassword(p), { message: "This password is too common: choose one that others would not guess" });
