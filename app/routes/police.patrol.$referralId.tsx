// One patrol referral as the referring force's officers see it: who, which service, and how it
// went — the outcome only while the person's consent to share it with the police stands.
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Notice, PageHeader } from "~/components/page";
import { recordPersonViewed } from "~/domain/audit.server";
import { needLabels } from "~/domain/custody";
import { onwardStatusLabels, outcomeEventLabels } from "~/domain/onward-referral-states";
import { patrolReferralView } from "~/domain/patrol.server";
import { findReferral, referralResource } from "~/domain/referrals.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Patrol referral · Police · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "patrol:refer");
  const db = getDb();
  const referral = findReferral(db, args.params.referralId ?? "");
  invariantResponse(referral && referral.source === "patrol", "Not found", { status: 404 });
  const { actor, audit } = await requirePermission(args, "referral:view", referralResource(db, referral));
  const view = patrolReferralView(db, actor, referral.id);
  invariantResponse(view, "Not found", { status: 404 });
  recordPersonViewed(db, audit, referral.personId, { via: "patrol-referral", recordId: referral.id });
  return { view };
}

export default function PatrolReferralPage() {
  const { view } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <p className="no-print mb-2">
        <Link to="/police">Back to patrol and naloxone</Link>
      </p>
      <PageHeader
        title={view.personName}
        lead={`Referred to ${view.serviceName} on ${formatDateTime(view.createdAt)}`}
      />
      {searchParams.get("sent") ? (
        <Notice tone="success">
          <p className="font-semibold">Referral sent. {view.serviceName} has been told and will contact them.</p>
          <p>
            <Link to="/police/patrol/new">Refer someone else</Link>
          </p>
        </Notice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="referral-heading" className="card">
          <h2 id="referral-heading" className="text-xl font-bold">
            Referral
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="font-semibold">Date of birth</dt>
            <dd>{formatDate(view.dateOfBirth)}</dd>
            <dt className="font-semibold">Help needed</dt>
            <dd>{needLabels[view.needDomain]}</dd>
            <dt className="font-semibold">Area</dt>
            <dd>{view.areaName ?? "Not recorded"}</dd>
            <dt className="font-semibold">Service</dt>
            <dd>
              {view.serviceName}
              {view.servicePhone ? <span className="block text-sm">Phone: {view.servicePhone}</span> : null}
            </dd>
          </dl>
        </section>
        <section aria-labelledby="outcome-heading" className="card">
          <h2 id="outcome-heading" className="text-xl font-bold">
            How it went
          </h2>
          {view.outcome.shared ? (
            <>
              <p className="mt-2 font-semibold">{onwardStatusLabels[view.outcome.status]}</p>
              {view.outcome.log.length ? (
                <ul className="mt-2 space-y-1">
                  {view.outcome.log.map((event) => (
                    <li key={event.id}>
                      {formatDate(event.occurredOn)}: {outcomeEventLabels[event.kind]}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-slate-700">The service has not reported anything yet.</p>
              )}
            </>
          ) : (
            <p className="mt-2 text-slate-700">
              The person did not agree to the police seeing how it went, or has since withdrawn that agreement.
            </p>
          )}
        </section>
      </div>
    </>
  );
}
