import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage, Facts } from "~/components/admin/admin-page";
import { Notice } from "~/components/page";
import { needLevelLabels, type NeedLevel } from "~/domain/assessments";
import { consentScopeLabels } from "~/domain/consents";
import { needLabels, OFFER_RESULT_LABELS } from "~/domain/custody";
import { patientStateLabels } from "~/domain/naloxone";
import { onwardStatusLabels } from "~/domain/onward-referral-states";
import { referralSourceLabels } from "~/domain/referral-sources";
import { referralStateLabel } from "~/domain/referral-states";
import { produceSubjectAccess } from "~/domain/subject-access.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";

export const meta: MetaFunction = () => [{ title: "Subject access record · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { audit, user, organisation } = await requirePermission(args, "admin:use");
  const record = produceSubjectAccess(getDb(), audit, args.params.personId ?? "", "view");
  invariantResponse(record, "Not found", { status: 404 });
  return { record, generatedBy: `${user.name}, ${organisation.name}` };
}

type Staff = { name: string; organisation: string } | null;
const who = (staff: Staff) => (staff ? `${staff.name}${staff.organisation ? ` (${staff.organisation})` : ""}` : "");
const humanise = (value: string | null | undefined) => (value ? value.replace(/[_-]/g, " ") : "");

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="card break-inside-avoid">
      <h2 id={`${id}-heading`} className="text-xl font-bold">
        {title} <span className="text-base font-normal text-slate-700">({count})</span>
      </h2>
      <div className="mt-3 space-y-4">{count ? children : <p className="text-slate-700">None held.</p>}</div>
    </section>
  );
}

export default function SubjectAccessRecord() {
  const { record, generatedBy } = useLoaderData<typeof loader>();
  const { person } = record;
  return (
    <AdminPage
      title={`${person.givenName} ${person.familyName}`}
      lead={`Everything Pathway holds about this person, produced ${formatDateTime(record.generatedAt)} by ${generatedBy}.`}
      actions={
        <span className="no-print flex flex-wrap gap-2">
          <a href={`/admin/subject-access/${person.id}/download`} className="button" download>
            Download as JSON
          </a>
          <button type="button" className="button-secondary" onClick={() => window.print()}>
            Print
          </button>
        </span>
      }
    >
      <div className="space-y-6">
        {record.mergedInto ? (
          <Notice tone="warning">
            This record was merged into another person on {formatDateTime(record.mergedInto.mergedAt)}: what was held
            here is now on <Link to={`/admin/subject-access/${record.mergedInto.personId}`}>their record</Link> (
            <Link to={`/admin/duplicates/merges/${record.mergedInto.mergeId}`}>see the merge</Link>).
          </Notice>
        ) : null}
        <Section id="person" title="Personal details" count={1}>
          <Facts
            items={[
              ["Name", `${person.givenName} ${person.familyName}`],
              ["Date of birth", formatDate(person.dateOfBirth)],
              ["Police identifier", person.policeIdentifier],
              ["Health identifier", person.healthIdentifier],
              ["Phone", person.phone],
              ["First recorded", formatDateTime(person.firstRecordedAt)],
              ["Last activity", formatDateTime(person.lastActivityAt)],
              ["Pathway record id", <code key="id">{person.id}</code>],
            ]}
          />
        </Section>

        {record.alsoRecordedAs.length ? (
          <Section
            id="also"
            title="Also recorded as (duplicate records merged into this one)"
            count={record.alsoRecordedAs.length}
          >
            {record.alsoRecordedAs.map((p) => (
              <article key={p.id} className="border-l-4 border-slate-300 pl-3">
                <Facts
                  items={[
                    ["Name", `${p.givenName} ${p.familyName}`],
                    ["Date of birth", formatDate(p.dateOfBirth)],
                    ["Police identifier", p.policeIdentifier],
                    ["Health identifier", p.healthIdentifier],
                    ["First recorded", formatDateTime(p.firstRecordedAt)],
                    ["Pathway record id", <code key="id">{p.id}</code>],
                  ]}
                />
              </article>
            ))}
          </Section>
        ) : null}

        <Section id="episodes" title="Times in custody" count={record.custodyEpisodes.length}>
          {record.custodyEpisodes.map((e) => (
            <article key={e.id} className="border-l-4 border-slate-300 pl-3">
              <h3 className="font-bold">
                {e.custodyCentre}, {formatDateTime(e.arrivedAt)}
              </h3>
              <Facts
                items={[
                  ["Custody reference", e.custodyReference],
                  ["Released", e.releasedAt ? formatDateTime(e.releasedAt) : "Not recorded"],
                  [
                    "Needs disclosed",
                    [...e.disclosedNeeds.map((n) => needLabels[n]), e.disclosedOther].filter(Boolean).join(", "),
                  ],
                  ["Safety notes", e.safetyNotes],
                  [
                    "Offer of arrest referral",
                    e.offer ? `${OFFER_RESULT_LABELS[e.offer.result]}, ${formatDateTime(e.offer.recordedAt)}` : "",
                  ],
                  ["Recorded by", who(e.recordedBy)],
                ]}
              />
            </article>
          ))}
        </Section>

        <Section id="consents" title="Consents" count={record.consents.length}>
          {record.consents.map((c) => (
            <article key={c.id} className="border-l-4 border-slate-300 pl-3">
              <h3 className="font-bold">{consentScopeLabels[c.scope]}</h3>
              <Facts
                items={[
                  ["Given", `${formatDateTime(c.recordedAt)} (${c.method})`],
                  ["Recorded by", who(c.recordedBy)],
                  ["Service", c.service],
                  ["Sections shared", c.sharedDomains?.map((d) => needLabels[d]).join(", ")],
                  ["Contact by", c.contactMethod],
                  [
                    "Withdrawn",
                    c.withdrawnAt
                      ? `${formatDateTime(c.withdrawnAt)}${c.withdrawalNote ? `: ${c.withdrawalNote}` : ""}`
                      : "No",
                  ],
                  ["Words read", c.wording ? `Version ${c.wording.version}: “${c.wording.text}”` : ""],
                ]}
              />
            </article>
          ))}
        </Section>

        <Section id="referrals" title="Arrest referrals" count={record.arrestReferrals.length}>
          {record.arrestReferrals.map((r) => (
            <article key={r.id} className="border-l-4 border-slate-300 pl-3">
              <h3 className="font-bold">
                {r.custodyCentre ?? referralSourceLabels[r.source]}, {formatDateTime(r.createdAt)}
              </h3>
              <Facts
                items={[
                  [
                    "State",
                    `${referralStateLabel(r.state, r.source)}${r.closureReason ? ` (${humanise(r.closureReason)})` : ""}`,
                  ],
                  ["Made by", who(r.createdBy)],
                  ["Worker", who(r.assignedWorker) || r.assignedOrganisation],
                  ["First contact", formatDateTime(r.firstContactAt)],
                  ["Closed", formatDateTime(r.closedAt)],
                ]}
              />
              <h4 className="mt-3 font-semibold">Changes of state</h4>
              <ul className="list-disc pl-5">
                {r.stateChanges.map((s, index) => (
                  <li key={index}>
                    {formatDateTime(s.at)}: {s.from ? `${referralStateLabel(s.from, r.source)} → ` : ""}
                    {referralStateLabel(s.to, r.source)}
                    {s.reason ? ` (${humanise(s.reason)})` : ""}, by {who(s.by)}
                  </li>
                ))}
              </ul>
              {r.contactAttempts.length ? (
                <>
                  <h4 className="mt-3 font-semibold">Attempts to contact</h4>
                  <ul className="list-disc pl-5">
                    {r.contactAttempts.map((a, index) => (
                      <li key={index}>
                        {formatDateTime(a.attemptedAt)}: {humanise(a.method)}, {humanise(a.result)}
                        {a.note ? ` — ${a.note}` : ""}, by {who(a.by)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </article>
          ))}
        </Section>

        <Section id="assessments" title="Needs assessments" count={record.needsAssessments.length}>
          {record.needsAssessments.map((a) => (
            <article key={a.id} className="border-l-4 border-slate-300 pl-3">
              <h3 className="font-bold">
                Version {a.version}, {humanise(a.status)}, {formatDateTime(a.completedAt ?? a.startedAt)}
              </h3>
              <Facts
                items={[
                  ["Worker", who(a.worker) || a.organisation],
                  [
                    "Levels of need",
                    Object.entries(a.levels)
                      .filter(([, level]) => level)
                      .map(
                        ([domain, level]) =>
                          `${humanise(domain.replace(/([A-Z])/g, " $1").toLowerCase())}: ${needLevelLabels[level as NeedLevel] ?? level}`,
                      )
                      .join("; "),
                  ],
                  ["AUDIT-C score", a.auditCScore === null ? "" : String(a.auditCScore)],
                  ["Overdose history", a.hasOverdoseHistory === null ? "" : a.hasOverdoseHistory ? "Yes" : "No"],
                  ["Self-harm risk", a.hasSelfHarmRisk === null ? "" : a.hasSelfHarmRisk ? "Yes" : "No"],
                  ["Children affected", a.areChildrenAffected === null ? "" : a.areChildrenAffected ? "Yes" : "No"],
                  ["Naloxone", humanise(a.naloxone)],
                ]}
              />
              <details className="mt-2">
                <summary className="cursor-pointer font-semibold">Every answer recorded</summary>
                <pre className="mt-2 overflow-x-auto whitespace-pre-wrap rounded bg-slate-100 p-2 text-sm">
                  {JSON.stringify(a.answers, null, 2)}
                </pre>
              </details>
            </article>
          ))}
        </Section>

        <Section id="onward" title="Referrals to services, and what came of them" count={record.onwardReferrals.length}>
          {record.onwardReferrals.map((o) => (
            <article key={o.id} className="border-l-4 border-slate-300 pl-3">
              <h3 className="font-bold">
                {o.service}, {formatDateTime(o.createdAt)}
              </h3>
              <Facts
                items={[
                  [
                    "Status",
                    `${onwardStatusLabels[o.status]}${o.statusReason ? ` (${humanise(o.statusReason)})` : ""}`,
                  ],
                  ["For", needLabels[o.needDomain]],
                  ["Referred by", who(o.createdBy)],
                  ["Note", o.note],
                ]}
              />
              {o.outcomeEvents.length ? (
                <ul className="mt-2 list-disc pl-5">
                  {o.outcomeEvents.map((e, index) => (
                    <li key={index}>
                      {formatDate(e.occurredOn)}: {humanise(e.kind)}, reported by{" "}
                      {who(e.reportedBy) || e.reportedByOrganisation}
                    </li>
                  ))}
                </ul>
              ) : null}
            </article>
          ))}
        </Section>

        <Section
          id="naloxone"
          title="Naloxone given by police (near-fatal overdoses)"
          count={record.naloxoneReports.length}
        >
          {record.naloxoneReports.map((n) => (
            <article key={n.id} className="border-l-4 border-slate-300 pl-3">
              <h3 className="font-bold">{formatDateTime(n.administeredAt)}</h3>
              <Facts
                items={[
                  ["Where", [n.locationDescription, n.postcode].filter(Boolean).join(", ")],
                  ["When found", patientStateLabels[n.patientState].label],
                  ["Doses", String(n.doses)],
                  ["Paraphernalia present", n.paraphernaliaPresent ? "Yes" : "No"],
                  ["Ambulance responded", n.ambulanceResponded ? "Yes" : "No"],
                  ["Taken to hospital", n.takenToHospital ? "Yes" : "No"],
                  ["Reported by", who(n.reportedBy)],
                ]}
              />
            </article>
          ))}
        </Section>

        <Section id="access" title="Who has looked at or changed this record" count={record.accessLog.length}>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {record.accessLog.map((a, index) => (
                  <tr key={index}>
                    <td className="whitespace-nowrap">{formatDateTime(a.at)}</td>
                    <td>{who(a.by)}</td>
                    <td>{humanise(a.action.replace(".", ": "))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
        <p className="no-print">
          <Link to="/admin/subject-access">Find another person</Link>
        </p>
      </div>
    </AdminPage>
  );
}
