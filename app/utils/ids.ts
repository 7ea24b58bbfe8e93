import { randomBytes } from "node:crypto";

/** An opaque, unguessable record id for URLs (never personal data). */
export function newId(): string {
  return randomBytes(12).toString("base64url");
}
