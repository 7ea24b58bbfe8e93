// The doors into support a referral can come through (decision 014), in the users' words.
import type { ReferralSource } from "#db/schema";

export const referralSourceLabels: Record<ReferralSource, string> = {
  custody: "Custody",
  naloxone: "Near-fatal overdose (naloxone)",
  patrol: "Patrol",
  self_referral: "Self-referral",
};
