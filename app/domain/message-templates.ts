// The words of every email and text message Pathway sends, in one place, so they are reviewed
// and tested together. Emails hold no personal data: they say that something is waiting and
// link to Pathway, where the reader signs in to see who. Texts go to the person, whose phone may
// be read by someone else or may now be someone else's: their words never say why we know them.

export const MESSAGE_TYPES = {
  "user.invitation": { channel: "email", label: "Invitations to Pathway" },
  "user.password-reset": { channel: "email", label: "Password reset links" },
  "onward_referral.new": { channel: "email", label: "New referrals, to the service's referral address" },
  "person.back_in_custody": { channel: "email", label: "A person is back in custody, to the services involved" },
  "feedback.overdue-digest": { channel: "email", label: "Weekly list of overdue feedback, to each service" },
  "user.alerts": { channel: "email", label: "Each user's own alerts by email (at once or as a daily digest)" },
  "appointment.reminder": { channel: "sms", label: "Appointment reminders by text, 24 hours before" },
  "person.follow-up": { channel: "sms", label: "Workers' follow-up texts after release" },
} as const;

export type MessageType = keyof typeof MESSAGE_TYPES;
export const messageTypes = Object.keys(MESSAGE_TYPES) as MessageType[];

export type Rendered = { subject?: string; body: string };
type Fields = Record<string, string | number>;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const str = (fields: Fields, key: string) => String(fields[key] ?? "");
const num = (fields: Fields, key: string) => Number(fields[key] ?? 1);

/** Email templates: the fields are counts and links, never a name, a date of birth or a need. */
export const EMAIL_TEMPLATES = {
  invitation: (f: Fields): Rendered => ({
    subject: "You have been invited to Pathway",
    body: `You have been given an account on Pathway.\n\nSet your password within ${str(f, "hours")} hours here:\n${str(f, "link")}\n\nIf you were not expecting this, you can ignore this email.`,
  }),
  "password-reset": (f: Fields): Rendered => ({
    subject: "Set a new Pathway password",
    body: `An administrator asked for a new password link for your Pathway account.\n\nSet your password within ${str(f, "hours")} hours here:\n${str(f, "link")}\n\nIf you did not expect this, tell your administrator.`,
  }),
  "new-referrals": (f: Fields): Rendered => ({
    subject: "New referrals in Pathway",
    body: `You have ${num(f, "count")} new ${plural(num(f, "count"), "referral", "referrals")} in Pathway.\n\nSign in to see ${plural(num(f, "count"), "it", "them")}:\n${str(f, "link")}`,
  }),
  "back-in-custody": (f: Fields): Rendered => ({
    subject: "A person you work with needs attention in Pathway",
    body: `${num(f, "count")} ${plural(num(f, "count"), "person", "people")} you work with ${plural(num(f, "count"), "is", "are")} back in custody.\n\nSign in to Pathway to see who:\n${str(f, "link")}`,
  }),
  "overdue-digest": (f: Fields): Rendered => ({
    subject: "Referrals waiting for your update in Pathway",
    body: `${num(f, "count")} ${plural(num(f, "count"), "referral is", "referrals are")} waiting for your answer or an update on how ${plural(num(f, "count"), "it is", "they are")} going.\n\nSign in to Pathway to see ${plural(num(f, "count"), "it", "them")}:\n${str(f, "link")}`,
  }),
  alerts: (f: Fields): Rendered => ({
    subject: "New alerts in Pathway",
    body: `You have ${num(f, "count")} new ${plural(num(f, "count"), "alert", "alerts")} in Pathway.\n\nSign in to see ${plural(num(f, "count"), "it", "them")}:\n${str(f, "link")}\n\nYou can change how often Pathway emails you on your account page:\n${str(f, "settingsLink")}`,
  }),
} as const;

/**
 * Text templates to the person. Fields are checked with `sayableInText` before use, so a
 * service called "… Drug Service" cannot put the word in.
 */
export const SMS_TEMPLATES = {
  "appointment-reminder": (f: Fields): Rendered => ({
    body: `Reminder: you have an appointment with ${str(f, "serviceName")} on ${str(f, "time")} at ${str(f, "place")}. ${
      f.phone ? `To rearrange, call ${str(f, "phone")}.` : `To rearrange, contact ${str(f, "serviceName")}.`
    }`,
  }),
  "follow-up-checking-in": (f: Fields): Rendered => ({
    body: `Hello, this is ${str(f, "workerName")}. We spoke recently and I said I would get in touch. If you would like some support, call me on ${str(f, "phone")}.`,
  }),
  "follow-up-appointment-help": (f: Fields): Rendered => ({
    body: `Hello, this is ${str(f, "workerName")}. If you would like help getting to an appointment we talked about, call me on ${str(f, "phone")}.`,
  }),
  "follow-up-tried-to-reach": (f: Fields): Rendered => ({
    body: `Hello, this is ${str(f, "workerName")}. I tried to reach you. Call me on ${str(f, "phone")} when it suits you.`,
  }),
} as const;

export type EmailTemplate = keyof typeof EMAIL_TEMPLATES;
export type SmsTemplate = keyof typeof SMS_TEMPLATES;

/** The follow-up texts a worker may choose from, in the words they see on the page. */
export const FOLLOW_UP_TEMPLATES = {
  "follow-up-checking-in": "Checking in: “We spoke recently and I said I would get in touch…”",
  "follow-up-appointment-help": "Help to get to an appointment",
  "follow-up-tried-to-reach": "I tried to reach you",
} as const satisfies Partial<Record<SmsTemplate, string>>;
export type FollowUpTemplate = keyof typeof FOLLOW_UP_TEMPLATES;

export function render(channel: "email" | "sms", template: string, fields: Fields): Rendered {
  const table: Record<string, (f: Fields) => Rendered> = channel === "email" ? EMAIL_TEMPLATES : SMS_TEMPLATES;
  const build = Object.hasOwn(table, template) ? table[template] : undefined;
  if (!build) throw new Error(`No ${channel} template called "${template}"`);
  return build(fields);
}

/**
 * Words a text to the person must never hold: someone else may read the phone, or the number
 * may now be someone else's. Checked over every template (tests) and every field put in (here).
 */
const UNSAYABLE =
  /\b(police|policing|constab\w*|custody|custodial|arrest\w*|detain\w*|detention|cells?|prison\w*|offen[cds]\w*|crim\w*|court|probation|drugs?|alcohol\w*|substances?|addiction|overdose\w*|naloxone|heroin|opiates?|drink\w*)\b/i;

export function unsayableWordIn(text: string): string | null {
  return UNSAYABLE.exec(text)?.[0] ?? null;
}

export const sayableInText = (text: string) => unsayableWordIn(text) === null;
