// The steps of a campaign's results and what each counts, in the words the results pages use.
export const CAMPAIGN_STEPS = [
  "sent",
  "delivered",
  "failed",
  "optedOut",
  "opened",
  "selfReferred",
  "contacted",
  "assessed",
  "referredOn",
  "attended",
  "engaged12Weeks",
] as const;
export type CampaignStep = (typeof CAMPAIGN_STEPS)[number];

export const campaignStepLabels: Record<CampaignStep, { label: string; definition: string }> = {
  sent: { label: "Sent", definition: "Text messages handed to the messaging service." },
  delivered: { label: "Delivered", definition: "Texts the phone network reported as delivered." },
  failed: {
    label: "Failed (number not working)",
    definition: "Texts the network reported as permanently undeliverable: the number no longer works.",
  },
  optedOut: { label: "Opted out", definition: "Numbers that asked for no more messages after this campaign's text." },
  opened: {
    label: "Opened the page",
    definition: "Times the campaign's self-referral page was opened (one person may open it more than once).",
  },
  selfReferred: { label: "Self-referred", definition: "People who asked for support on the campaign's page." },
  contacted: { label: "Contacted", definition: "Of those, people a worker has spoken with." },
  assessed: { label: "Assessed", definition: "Of those, people with a completed needs assessment." },
  referredOn: { label: "Referred on", definition: "Of those, people referred on to at least one service." },
  attended: { label: "Attended", definition: "Of those, people who attended a service they were referred to." },
  engaged12Weeks: {
    label: "Engaged at 12 weeks",
    definition: "Of those, people a service reported as engaged at the 12-week check.",
  },
};
