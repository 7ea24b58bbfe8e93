// The status of onward referrals as the referring worker sees it: each service, where it has
// got to, the last thing reported (who and when) and whether feedback is overdue.
import type { OnwardReferralStatus } from "#db/schema";
import { needLabels } from "~/domain/custody";
import {
  describeOutcomeEvent,
  onwardStatusLabels,
  outcomeEventLabels,
  serviceKindLabels,
  statusReasonLabels,
} from "~/domain/onward-referral-states";
import type { OnwardReferralSummary } from "~/domain/outcomes.server";
import { overdueLabels, type Overdue } from "~/domain/overdue";
import { formatDate, formatDateTime } from "~/utils/dates";

const statusTones: Record<OnwardReferralStatus, string> = {
  requested: "bg-sky-100 text-sky-900",
  accepted: "bg-indigo-100 text-indigo-900",
  "in-progress": "bg-green-100 text-green-900",
  "on-hold": "bg-amber-100 text-amber-900",
  completed: "bg-green-800 text-white",
  failed: "bg-red-100 text-red-900",
  rejected: "bg-red-100 text-red-900",
  cancelled: "bg-slate-200 text-slate-900",
};

export function OnwardStatusBadge({ status }: { status: OnwardReferralStatus }) {
  return <span className={`badge ${statusTones[status]}`}>{onwardStatusLabels[status]}</span>;
}

export function OverdueBadge({ overdue }: { overdue: Pick<Overdue, "reason"> | null }) {
  if (!overdue) return null;
  return (
    <span className="badge bg-red-700 text-white" title={overdueLabels[overdue.reason]}>
      Overdue<span className="sr-only">: {overdueLabels[overdue.reason].toLowerCase()}</span>
    </span>
  );
}

type Summary = Omit<OnwardReferralSummary, "lastEvent"> & {
  lastEvent:
    (Omit<NonNullable<OnwardReferralSummary["lastEvent"]>, "detail"> & { detail: Record<string, unknown> }) | null;
};

/** Self-contained: give it what listOnwardReferralsForArrestReferral returns. */
export function OnwardReferralStatusList({
  onwardReferrals,
  heading = "Onward referrals",
}: {
  onwardReferrals: Summary[];
  heading?: string;
}) {
  return (
    <section aria-labelledby="onward-status-heading">
      <h2 id="onward-status-heading" className="text-xl font-bold">
        {heading}
      </h2>
      {onwardReferrals.length === 0 ? (
        <p className="mt-2 text-slate-700">No onward referrals yet.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {onwardReferrals.map((o) => (
            <li key={o.id} id={`onward-${o.id}`} className="rounded-md border border-slate-200 bg-white p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-semibold">
                  {o.serviceName}
                  <span className="font-normal text-slate-700"> · {serviceKindLabels[o.serviceKind]}</span>
                </p>
                <p className="flex flex-wrap gap-2">
                  <OnwardStatusBadge status={o.status} />
                  <OverdueBadge overdue={o.overdue} />
                </p>
              </div>
              <p className="text-sm text-slate-700">
                {needLabels[o.needDomain]} · {o.priority === "urgent" ? "urgent" : "routine"} · sent{" "}
                {formatDate(o.createdAt)}
                {o.statusReason ? ` · ${statusReasonLabels[o.statusReason] ?? o.statusReason}` : ""}
                {o.statusReasonText ? `: ${o.statusReasonText}` : ""}
              </p>
              <p className="mt-1 text-sm">
                {o.lastEvent ? (
                  <>
                    Last update: {outcomeEventLabels[o.lastEvent.kind]}
                    {describeOutcomeEvent(o.lastEvent.kind, o.lastEvent.detail)
                      ? ` (${describeOutcomeEvent(o.lastEvent.kind, o.lastEvent.detail)})`
                      : ""}{" "}
                    on {formatDate(o.lastEvent.occurredOn)}, reported by {o.lastEvent.reportedBy} at{" "}
                    {formatDateTime(o.lastEvent.recordedAt)}
                  </>
                ) : (
                  "No update from the service yet."
                )}
              </p>
              {o.overdue ? (
                <p className="mt-1 text-sm font-semibold text-red-800">
                  {o.overdue.reason === "acknowledgement"
                    ? `Not accepted or declined: it was due by ${formatDateTime(o.overdue.dueAt)}.`
                    : `No feedback since ${formatDate(o.overdue.lastFeedbackAt)}.`}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
