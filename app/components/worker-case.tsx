// The body of a referral worker's case page: what custody recorded, the assessment's versions,
// onward referrals, consents and the person's history.
import { Form, Link } from "@remix-run/react";
import {
  NEED_DOMAINS,
  type ConsentScope,
  type NeedDomain,
  type OnwardReferralStatus,
  type ReferralSource,
  type ReferralState,
} from "#db/schema";
import { needLevelLabels, type NeedLevel } from "~/domain/assessments";
import { CONTACT_METHODS, CONTACT_RESULTS } from "~/domain/contact-attempts";
import { needLabels } from "~/domain/custody";
import { onwardStatusLabels } from "~/domain/onward-referral-states";
import { referralSourceLabels } from "~/domain/referral-sources";
import { CLOSURE_REASONS, referralStateLabel, type ClosureReason } from "~/domain/referral-states";
import { formatDate, formatDateTime } from "~/utils/dates";
import { ErrorSummary, SubmitButton } from "./forms";
import { OnwardReferralStatusList } from "./onward-referral-status";
import { EmptyState } from "./page";
import { SelfReferralDetails } from "./self-referral-details";
import type { ComponentProps } from "react";

type Props = {
  referral: { id: string; isMine: boolean; state: ReferralState };
  /** Null for a referral that did not start in custody (decision 014). */
  episode: {
    custodyReference: string;
    arrivedAt: string;
    releasedAt: string | null;
    disclosedNeeds: NeedDomain[];
    disclosedOther: string | null;
    safetyNotes: string;
  } | null;
  source: ReferralSource;
  /** What the person wrote on the self-referral page, for a self-referral. */
  selfReferral?: ComponentProps<typeof SelfReferralDetails>["details"] | null;
  person: { dateOfBirth: string };
  assessments: { id: string; version: number; status: string; updatedAt: string; completedAt: string | null }[];
  onwardReferrals: ComponentProps<typeof OnwardReferralStatusList>["onwardReferrals"];
  consents: {
    id: string;
    scope: ConsentScope;
    label: string;
    serviceName: string | null;
    recordedAt: string;
    recordedByName: string;
    withdrawnAt: string | null;
  }[];
  history: {
    id: string;
    createdAt: string;
    state: ReferralState;
    closureReason: string | null;
    source: ReferralSource;
    where: string;
    isShared: boolean;
    assessment: (Record<string, string | number | null> & { completedAt: string | null }) | null;
    onward: { status: OnwardReferralStatus; serviceName: string }[];
  }[];
  contactAfterRelease: {
    label: string;
    method: string;
    contactMethod: string | null;
    recordedAt: string;
    recordedByName: string;
    phone: { display: string; href: string } | null;
  } | null;
  attempts: {
    id: string;
    attemptedAt: string;
    method: keyof typeof CONTACT_METHODS;
    result: keyof typeof CONTACT_RESULTS;
    note: string;
    workerName: string;
  }[];
  errorsFor: (intent: string) => Record<string, string | undefined> | undefined;
};

export function WorkerCase({
  referral,
  episode,
  source,
  selfReferral,
  person,
  assessments,
  onwardReferrals,
  consents,
  history,
  attempts,
  contactAfterRelease,
  errorsFor,
}: Props) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ContactAfterRelease
        contact={contactAfterRelease}
        isFollowUp={referral.state === "follow_up"}
        fromCustody={source === "custody"}
      />

      {episode ? (
        <CustodyEpisode episode={episode} person={person} />
      ) : selfReferral ? (
        <SelfReferralDetails details={selfReferral} />
      ) : (
        <section aria-labelledby="source-heading" className="card">
          <h2 id="source-heading" className="text-xl font-bold">
            Where the referral came from
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="font-semibold">Date of birth</dt>
            <dd>{formatDate(person.dateOfBirth)}</dd>
            <dt className="font-semibold">Referral</dt>
            <dd>{referralSourceLabels[source]}</dd>
          </dl>
        </section>
      )}

      <section aria-labelledby="assessment-heading" className="card">
        <h2 id="assessment-heading" className="text-xl font-bold">
          Needs assessment
        </h2>
        {assessments.length ? (
          <ul className="mt-2 space-y-1">
            {assessments.map((a) => (
              <li key={a.id}>
                <Link to={`/worker/assessments/${a.id}`}>Version {a.version}</Link>:{" "}
                {a.status === "draft"
                  ? `draft, saved ${formatDateTime(a.updatedAt)}`
                  : a.status === "completed"
                    ? `completed ${formatDateTime(a.completedAt)}`
                    : `replaced (completed ${formatDateTime(a.completedAt)})`}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">Not started yet.</p>
        )}
      </section>

      <div className="card">
        <OnwardReferralStatusList onwardReferrals={onwardReferrals} />
      </div>

      <section aria-labelledby="consents-heading" className="card">
        <h2 id="consents-heading" className="text-xl font-bold">
          Consents
        </h2>
        <ErrorSummary errors={errorsFor("withdraw-consent")} />
        <ul className="mt-2 divide-y divide-slate-200">
          {consents.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-semibold">{c.label}</span>
                {c.serviceName ? ` — ${c.serviceName}` : ""}
                <span className="block text-sm text-slate-700">
                  Recorded {formatDateTime(c.recordedAt)} by {c.recordedByName}
                  {c.withdrawnAt ? ` · withdrawn ${formatDateTime(c.withdrawnAt)}` : ""}
                </span>
              </span>
              {!c.withdrawnAt ? (
                <Form
                  method="post"
                  onSubmit={(e) =>
                    !confirm(`Withdraw “${c.label}”? Sharing that rests on it stops at once.`) && e.preventDefault()
                  }
                >
                  <input type="hidden" name="consentId" value={c.id} />
                  <SubmitButton name="intent" value="withdraw-consent" className="button-secondary">
                    Withdraw<span className="sr-only">: {c.label}</span>
                  </SubmitButton>
                </Form>
              ) : (
                <span className="badge bg-slate-200">Withdrawn</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      {attempts.length ? (
        <section aria-labelledby="attempts-heading" className="card">
          <h2 id="attempts-heading" className="text-xl font-bold">
            Contact attempts
          </h2>
          <ol className="mt-2 space-y-1">
            {attempts.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.attemptedAt)}: {CONTACT_METHODS[a.method]} — {CONTACT_RESULTS[a.result]} (
                {a.workerName}){a.note ? <span className="block text-sm">{a.note}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="history-heading" className="card lg:col-span-2">
        <h2 id="history-heading" className="text-xl font-bold">
          Earlier referrals
        </h2>
        {history.length ? (
          <ul className="mt-2 divide-y divide-slate-200">
            {history.map((h) => (
              <li key={h.id} className="py-3">
                <p className="font-semibold">
                  {formatDate(h.createdAt)} · {referralSourceLabels[h.source]}
                  {h.where !== referralSourceLabels[h.source] ? ` at ${h.where}` : ""}:{" "}
                  {referralStateLabel(h.state, h.source)}
                  {h.closureReason ? ` (${CLOSURE_REASONS[h.closureReason as ClosureReason] ?? h.closureReason})` : ""}
                </p>
                {!h.isShared ? (
                  <p className="text-sm text-slate-700">
                    {h.source === "patrol"
                      ? "Referred by a police officer straight to a service: the person has not agreed to share its details with you."
                      : "Another provider’s work: the person has not agreed to share its details."}
                  </p>
                ) : (
                  <>
                    {h.assessment ? (
                      <p className="text-sm">
                        Needs at medium or high:{" "}
                        {NEED_DOMAINS.filter((d) => h.assessment?.[d] === "medium" || h.assessment?.[d] === "high")
                          .map((d) => `${needLabels[d]} (${needLevelLabels[h.assessment?.[d] as NeedLevel]})`)
                          .join(", ") || "none"}
                        {h.assessment.auditCScore !== null ? ` · AUDIT-C ${h.assessment.auditCScore}` : ""}
                      </p>
                    ) : null}
                    {h.onward.length ? (
                      <p className="text-sm">
                        Services:{" "}
                        {h.onward
                          .map((o) => `${o.serviceName} — ${onwardStatusLabels[o.status].toLowerCase()}`)
                          .join("; ")}
                      </p>
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No earlier referrals">This is the first time Pathway has seen this person.</EmptyState>
        )}
      </section>
    </div>
  );
}

/** The number the person agreed to be phoned on, beside the consent it rests on: follow-up starts here. */
function ContactAfterRelease({
  contact,
  isFollowUp,
  fromCustody,
}: {
  contact: Props["contactAfterRelease"];
  isFollowUp: boolean;
  /** Only someone referred from custody was released: the others were never held. */
  fromCustody: boolean;
}) {
  return (
    <section
      aria-labelledby="reach-heading"
      className={`card lg:col-span-2 ${isFollowUp ? "border-l-8 border-l-brand-700" : ""}`}
    >
      <h2 id="reach-heading" className="text-xl font-bold">
        {fromCustody ? "Phoning them after release" : "Phoning them"}
      </h2>
      {contact ? (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="font-semibold">Phone</dt>
          <dd>
            {contact.phone ? (
              <a href={contact.phone.href} className="text-lg font-bold">
                {contact.phone.display}
              </a>
            ) : (
              "No number was taken"
            )}
          </dd>
          {contact.contactMethod && contact.contactMethod !== "phone" ? (
            <>
              <dt className="font-semibold">How they want to be contacted</dt>
              <dd>{contact.contactMethod}</dd>
            </>
          ) : null}
          <dt className="font-semibold">Consent</dt>
          <dd>
            {contact.label} (
            {contact.method === "signed"
              ? "signed"
              : contact.method === "online"
                ? "on the self-referral page"
                : "verbally"}
            )
            <span className="block text-sm text-slate-700">
              Recorded {formatDateTime(contact.recordedAt)} by {contact.recordedByName}
            </span>
          </dd>
        </dl>
      ) : (
        <p className="mt-2">
          {fromCustody
            ? "They have not agreed to be contacted after release: Pathway holds no number for them."
            : "They have not agreed to be phoned: Pathway holds no number for them."}
        </p>
      )}
    </section>
  );
}

function CustodyEpisode({ episode, person }: { episode: NonNullable<Props["episode"]>; person: Props["person"] }) {
  return (
    <section aria-labelledby="custody-heading" className="card">
      <h2 id="custody-heading" className="text-xl font-bold">
        From custody
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="font-semibold">Date of birth</dt>
        <dd>{formatDate(person.dateOfBirth)}</dd>
        <dt className="font-semibold">Custody reference</dt>
        <dd className="font-mono">{episode.custodyReference}</dd>
        <dt className="font-semibold">Arrived</dt>
        <dd>{formatDateTime(episode.arrivedAt)}</dd>
        <dt className="font-semibold">Released</dt>
        <dd>{episode.releasedAt ? formatDateTime(episode.releasedAt) : "Still in custody"}</dd>
        <dt className="font-semibold">Needs disclosed</dt>
        <dd>
          {[...episode.disclosedNeeds.map((n) => needLabels[n]), episode.disclosedOther].filter(Boolean).join(", ") ||
            "None disclosed"}
        </dd>
        <dt className="font-semibold">Safety</dt>
        <dd className={episode.safetyNotes ? "font-semibold text-red-800" : undefined}>
          {episode.safetyNotes || "Nothing noted"}
        </dd>
      </dl>
    </section>
  );
}
