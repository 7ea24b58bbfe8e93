// "Your patrol referrals" on the police home page: who, to which service, and how it went where
// the person agreed the police may see it (decision 030).
import { Link } from "@remix-run/react";
import { needLabels } from "~/domain/custody";
import { onwardStatusLabels } from "~/domain/onward-referral-states";
import type { PatrolReferralSummary } from "~/domain/patrol.server";
import { formatDate } from "~/utils/dates";

export function PatrolReferralList({ referrals }: { referrals: PatrolReferralSummary[] }) {
  return (
    <section aria-labelledby="patrol-referrals-heading" className="card mt-6">
      <h2 id="patrol-referrals-heading" className="text-xl font-bold">
        Your patrol referrals
      </h2>
      {referrals.length ? (
        <ul className="mt-2 divide-y divide-slate-200">
          {referrals.map((r) => (
            <li key={r.id} className="py-3">
              <Link to={`/police/patrol/${r.id}`} className="font-semibold">
                {r.personName}
              </Link>
              <span className="block text-sm text-slate-700">
                {formatDate(r.createdAt)} · {needLabels[r.needDomain]} · {r.serviceName}
              </span>
              <span className="block text-sm">
                {r.outcome.shared ? onwardStatusLabels[r.outcome.status] : "Outcome not shared with the police"}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-slate-700">You have not referred anyone on patrol yet.</p>
      )}
    </section>
  );
}
