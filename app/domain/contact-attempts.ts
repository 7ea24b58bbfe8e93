// Contact attempts after release: how a worker tried and what happened.
export const CONTACT_METHODS = {
  phone: "Phone",
  text: "Text message",
  letter: "Letter",
  visit: "Visit",
  other: "Other",
} as const;
export const CONTACT_RESULTS = {
  no_answer: "No answer",
  left_message: "Left a message",
  spoke: "Spoke to the person",
  wrong_number: "Wrong number",
  declined: "Declined support",
  other: "Other",
} as const;
export type ContactMethod = keyof typeof CONTACT_METHODS;
export type ContactResult = keyof typeof CONTACT_RESULTS;

/** Failed attempts reaching the provider's limit suggest closing as unable to contact. */
export function shouldSuggestUnableToContact(attempts: { result: ContactResult }[], limit: number) {
  return attempts.filter((a) => a.result !== "spoke").length >= limit && !attempts.some((a) => a.result === "spoke");
}
