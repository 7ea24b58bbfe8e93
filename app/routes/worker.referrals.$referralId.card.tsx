import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { recordPersonViewed } from "~/domain/audit.server";
import { findReferral, referralResource } from "~/domain/referrals.server";
import { releaseCard } from "~/domain/onward-referrals.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Release card · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "worker:use");
  const db = getDb();
  const referral = findReferral(db, args.params.referralId ?? "");
  invariantResponse(referral, "Not found", { status: 404 });
  const { audit } = await requirePermission(args, "referral:work", referralResource(db, referral));
  recordPersonViewed(db, audit, referral.personId, { via: "release-card", recordId: referral.id });
  return { referralId: referral.id, card: releaseCard(db, referral.id)! };
}

export default function ReleaseCard() {
  const { referralId, card } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl">
      <p className="no-print mb-4 flex flex-wrap gap-3">
        <Link to={`/worker/referrals/${referralId}`}>Back to the referral</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          Print this card
        </button>
      </p>
      <article className="release-card rounded-lg border-2 border-slate-900 bg-white p-6 print:border-0 print:p-0">
        <h1 className="text-2xl font-bold">{card.givenName}, here is who will be in touch</h1>
        <p className="mt-2">You agreed to get support. These people will contact you, or you can contact them.</p>

        <section aria-labelledby="card-services" className="mt-4">
          <h2 id="card-services" className="text-lg font-bold">
            Services
          </h2>
          {card.services.length ? (
            <ul className="mt-2 space-y-3">
              {card.services.map((s) => (
                <li key={s.id} className="border-l-4 border-slate-900 pl-3">
                  <p className="font-bold">{s.serviceName}</p>
                  <p>Phone {s.servicePhone}</p>
                  <p>{s.serviceAddress}</p>
                  <p>Open {s.serviceHours}</p>
                  {s.appointment?.at ? (
                    <p className="font-semibold">
                      Your appointment: {formatDateTime(s.appointment.at)}
                      {s.appointment.place ? ` at ${s.appointment.place}` : ""}
                    </p>
                  ) : (
                    <p>They will contact you to arrange a first appointment.</p>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2">Your arrest referral worker will be in touch about services.</p>
          )}
        </section>

        <section aria-labelledby="card-worker" className="mt-4">
          <h2 id="card-worker" className="text-lg font-bold">
            Your arrest referral worker
          </h2>
          {card.worker ? (
            <p>
              {card.worker.name}, {card.worker.organisationName}
              {card.worker.phone || card.worker.organisationPhone ? ` — phone ${card.worker.phone || card.worker.organisationPhone}` : ""}
            </p>
          ) : (
            <p>A worker from the arrest referral service.</p>
          )}
        </section>

        {card.harmReduction.length ? (
          <section aria-labelledby="card-harm" className="mt-4">
            <h2 id="card-harm" className="text-lg font-bold">
              Staying safe
            </h2>
            <ul>
              {card.harmReduction.map((h) => (
                <li key={h.name}>
                  {h.name}: {h.phone} ({h.hours}) — naloxone and advice, no appointment needed.
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <p className="mt-4 text-sm">In an emergency call 999. If you take opioids, carry naloxone and do not use alone.</p>
      </article>
    </div>
  );
}
