// Safe wording for outreach campaign texts, enforced: the one list of rules every campaign
// template is checked against, when it is saved and again when an administrator approves it.
// A number found in an investigation may belong to someone who never used the line, may have
// passed to someone else, and the phone may be read by a partner or parent: the text must not
// say or imply anything about the reader. It must say who sent it, why in neutral words, how to
// get help and how to stop further texts. Pure: the page, the approval and the tests ask here.
import { smsLength, type SmsLength } from "./sms-length";

/** Where the campaign's link (PUBLIC_URL/h/CODE) goes in a template: the only field there is. */
export const LINK_PLACEHOLDER = "((link))";
/** The word a recipient replies with to get no more texts from any campaign. */
export const OPT_OUT_WORD = "STOP";
/** GOV.UK Notify refuses texts longer than this. */
export const MAX_TEXT_CHARACTERS = 918;

export type WordingContext = {
  /** Who may be named as the sender: the police force, and the partner provider answering. */
  senderNames: readonly string[];
};

export type WordingRule = {
  id: string;
  kind: "refuse" | "require";
  /** The rule as the administrator's checklist shows it. */
  summary: string;
  /** Null when the text keeps the rule; otherwise why it is refused, in the writer's words. */
  problem: (template: string, context: WordingContext) => string | null;
};

const found = (pattern: RegExp, text: string) => pattern.exec(text)?.[0] ?? null;

const DRUG_WORDS =
  /\b(drugs?|substances?|cocaine|crack|heroin|cannabis|weed|skunk|spice|ketamine|mdma|ecstasy|narcotics?|opiates?|opioids?|amphetamines?|methamphetamine|meth|methadone|benzodiazepines?|benzos?|fentanyl|nitrous|overdos\w*|addict\w*|dependen\w*)\b/i;
const PURCHASE_WORDS =
  /\b(bought|buy\w*|purchas\w*|customers?|clients?|order(s|ed|ing)?|paid|paying|payments?|deal\w*|supplier\w*|suppl(y|ied|ying)|county lines?|drug lines?|lines? you)\b/i;
const ACCUSATION_WORDS =
  /\b(suspect\w*|offen[cds]\w*|crim\w*|illegal\w*|unlawful\w*|arrest\w*|charged|prosecut\w*|evidence|guilty|caught|involved|wrongdoing|committed|identified you|linked to you|we know (that )?you|you have been (seen|identified|linked))\b/i;
const OTHER_FIELDS = /\(\([^)]*\)\)/g;

/** Every rule, refusals first: the checklist on the approval page is this list. */
export const WORDING_RULES: readonly WordingRule[] = [
  {
    id: "no-drugs",
    kind: "refuse",
    summary: "Says nothing about drugs or drug use",
    problem: (t) => {
      const word = found(DRUG_WORDS, t);
      return word
        ? `The text mentions “${word}”. Take it out: the phone may be read by someone else, and the number may now be someone else’s, so a text must not say or suggest that the reader uses drugs.`
        : null;
    },
  },
  {
    id: "no-purchases",
    kind: "refuse",
    summary: "Says nothing about buying, orders or being a customer",
    problem: (t) => {
      const word = found(PURCHASE_WORDS, t);
      return word
        ? `The text mentions “${word}”. Take it out: it tells whoever reads it that the number was used to buy something, which may not be true of the person reading.`
        : null;
    },
  },
  {
    id: "no-accusation",
    kind: "refuse",
    summary: "Accuses nobody of anything",
    problem: (t) => {
      const word = found(ACCUSATION_WORDS, t);
      return word
        ? `The text says “${word}”, which reads as an accusation. The number was found in an investigation; that is all the text may say about why.`
        : null;
    },
  },
  {
    id: "link-only-field",
    kind: "refuse",
    summary: `Puts in nothing about the person: ${LINK_PLACEHOLDER} is the only field`,
    problem: (t) => {
      const others = [...t.matchAll(OTHER_FIELDS)].map((m) => m[0]).filter((f) => f !== LINK_PLACEHOLDER);
      return others.length
        ? `The text puts in ${others.join(", ")}. Only ${LINK_PLACEHOLDER} can go in: every text of a campaign is the same, and the link identifies the campaign, not the person.`
        : null;
    },
  },
  {
    id: "says-who",
    kind: "require",
    summary: "Says who sent it (the police force or the partner provider, by name)",
    problem: (t, c) =>
      c.senderNames.some((name) => name.trim() && t.toLowerCase().includes(name.trim().toLowerCase()))
        ? null
        : `Say who the text is from: name ${c.senderNames.filter((n) => n.trim()).join(" or ") || "the police force"}, so the reader can check it is genuine.`,
  },
  {
    id: "says-why",
    kind: "require",
    summary: "Says why, in neutral words (the number was found in an investigation)",
    problem: (t) =>
      /\b(investigation|inquiry|enquiry|inquiries|enquiries)\b/i.test(t)
        ? null
        : "Say why, in neutral words: for example “your number was found in an investigation”.",
  },
  {
    id: "says-how-to-get-help",
    kind: "require",
    summary: `Says how to get help: the campaign link ${LINK_PLACEHOLDER}, once`,
    problem: (t) => {
      const count = t.split(LINK_PLACEHOLDER).length - 1;
      if (count === 1) return null;
      return count === 0
        ? `Put in ${LINK_PLACEHOLDER} where the link to ask for help goes.`
        : `Put in ${LINK_PLACEHOLDER} once only.`;
    },
  },
  {
    id: "says-how-to-stop",
    kind: "require",
    summary: `Says how to stop further texts (reply ${OPT_OUT_WORD})`,
    problem: (t) =>
      new RegExp(`\\b(reply|text|send)\\s+["'“‘]?${OPT_OUT_WORD}\\b`, "i").test(t)
        ? null
        : `Say how to stop further texts: for example “Reply ${OPT_OUT_WORD} and we will not text you again.”`,
  },
  {
    id: "not-too-long",
    kind: "refuse",
    summary: `Is at most ${MAX_TEXT_CHARACTERS} characters once the link is in`,
    problem: (t) => {
      const length = renderCampaignText(t, "https://pathway.example/h/XXXX").length;
      return length > MAX_TEXT_CHARACTERS
        ? `The text is ${length} characters with the link; GOV.UK Notify sends at most ${MAX_TEXT_CHARACTERS}.`
        : null;
    },
  },
];

export type WordingProblem = { rule: string; message: string };

export function checkCampaignWording(template: string, context: WordingContext): WordingProblem[] {
  if (!template.trim()) return [{ rule: "empty", message: "Write the text the campaign will send." }];
  return WORDING_RULES.flatMap((rule) => {
    const message = rule.problem(template, context);
    return message ? [{ rule: rule.id, message }] : [];
  });
}

/** The text exactly as it is sent: the template with the campaign's link put in. */
export function renderCampaignText(template: string, link: string): string {
  return template.split(LINK_PLACEHOLDER).join(link).trim();
}

export type CampaignPreview = { text: string; length: SmsLength; problems: WordingProblem[] };

export function previewCampaignText(template: string, link: string, context: WordingContext): CampaignPreview {
  const text = renderCampaignText(template, link);
  return { text, length: smsLength(text), problems: checkCampaignWording(template, context) };
}

/** A starting point that keeps every rule, for a new campaign's form. */
export function suggestedTemplate(policeName: string, providerName: string): string {
  return `This is a message from ${policeName}. Your number was found during an investigation. If you, or someone you know, would like support, ${providerName} can help, free and in confidence: ${LINK_PLACEHOLDER} Reply ${OPT_OUT_WORD} and we will not text you again.`;
}
