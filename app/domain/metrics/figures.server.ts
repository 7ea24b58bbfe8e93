// The commissioner figures two ways with one shape: live (read from the records each time) and
// monthly (added up from figure_months, monthly.server.ts). The dashboard uses the monthly ones;
// the metric tests run on both, so the two cannot drift apart.
import { needsProfile } from "./assessments.server";
import { detentions, notTakenUpReasons, offers } from "./custody.server";
import { monthlyFigures, monthlyFiguresForOneRead } from "./monthly.server";
import {
  engagement,
  feedbackCompleteness,
  firstAppointments,
  onwardReferralsByKind,
  serviceResponses,
  waitingTimes,
} from "./onward-referrals.server";
import { reEntry } from "./re-entry.server";
import { referralRate, referrals, timeToFirstContact } from "./referrals.server";
import { funnel, monthlyTrend } from "./trends.server";

export const liveFigures = {
  detentions,
  offers,
  notTakenUpReasons,
  referrals,
  referralRate,
  timeToFirstContact,
  needsProfile,
  onwardReferralsByKind,
  serviceResponses,
  firstAppointments,
  engagement,
  waitingTimes,
  feedbackCompleteness,
  reEntry,
  funnel,
  monthlyTrend,
};

export type Figures = typeof monthlyFigures;

// Each monthly figure answers exactly as its live one does.
liveFigures satisfies Figures;

export { monthlyFigures, monthlyFiguresForOneRead };
