// The kinds of in-app notification, in the reader's words. Pure: the page and the domain share it.
export type NotificationKind =
  | "onward_referral.new"
  | "onward_referral.declined"
  | "onward_referral.ended"
  | "feedback.overdue"
  | "person.back_in_custody"
  | "person.phone_not_working";

/** The kinds a reader may filter by, in their words, most pressing first. */
export const notificationKindLabels: Record<NotificationKind, string> = {
  "person.back_in_custody": "Back in custody",
  "onward_referral.declined": "Referral declined",
  "onward_referral.new": "New referral",
  "onward_referral.ended": "Referral ended or cancelled",
  "feedback.overdue": "Overdue feedback",
  "person.phone_not_working": "Phone number not working",
};
