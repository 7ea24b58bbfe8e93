import { Link, useLoaderData } from "@remix-run/react";
import { recordPersonViewed } from "~/domain/audit.server";
import { releaseCard } from "~/domain/onward-referrals.server";
import { findReferral, referralResource } from "~/domain/referrals.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Release card · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "worker:use");
  const db = getDb();
  const referral = findReferral(db, args.params.referralId ?? "");
  invariantResponse(referral, "Not found", { status: 404 });
  const { audit } = await requirePermission(args, "referral:work", referralResource(db, referral));
  recordPersonViewed(db, audit, referral.personId, { via: "release-card", recordId: referral.id });
  const isEasyRead = new URL(args.request.url).searchParams.get("version") === "easy-read";
  return { referralId: referral.id, card: releaseCard(db, referral.id)!, isEasyRead };
}

type Card = NonNullable<ReturnType<typeof releaseCard>>;

/** Whom to phone about arrest referral: the worker's own number, else their service's. */
function workerPhone(card: Card) {
  return card.worker ? card.worker.phone || card.worker.organisationPhone : (card.provider?.phone ?? null);
}

export default function ReleaseCard() {
  const { referralId, card, isEasyRead } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl">
      <p className="no-print mb-4 flex flex-wrap items-center gap-3">
        <Link to={`/worker/referrals/${referralId}`}>Back to the referral</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          Print this card
        </button>
        {isEasyRead ? <Link to="?">Standard version</Link> : <Link to="?version=easy-read">Easy-read version</Link>}
      </p>
      {isEasyRead ? <EasyReadCard card={card} /> : <StandardCard card={card} />}
    </div>
  );
}

function StandardCard({ card }: { card: Card }) {
  const phone = workerPhone(card);
  return (
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
                  <p className="font-semibold">
                    {s.expectedContactBy
                      ? `They will contact you to arrange a first appointment, usually within ${s.serviceTypicalWaitDays} days: expect to hear by ${formatDate(s.expectedContactBy)}. If you have not, phone them.`
                      : "They will contact you to arrange a first appointment. If you have not heard within a week, phone them."}
                  </p>
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
        <p>
          {card.worker
            ? `${card.worker.name}, ${card.worker.organisationName}`
            : `A worker from ${card.provider?.name ?? "the arrest referral service"}`}
        </p>
        {phone ? <p className="font-semibold">Phone {phone}</p> : null}
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
      <p className="mt-4 text-sm">
        In an emergency call 999. If you take opioids, carry naloxone and do not use alone.
      </p>
    </article>
  );
}

/** Short sentences, one idea each, large type: for someone who finds reading hard. */
function EasyReadCard({ card }: { card: Card }) {
  const phone = workerPhone(card);
  return (
    <article className="release-card space-y-5 rounded-lg border-2 border-slate-900 bg-white p-6 text-xl leading-relaxed print:border-0 print:p-0">
      <h1 className="text-3xl font-bold">{card.givenName}, you said yes to getting help</h1>
      {card.services.map((s) => (
        <section key={s.id} aria-label={s.serviceName} className="space-y-2 border-l-8 border-slate-900 pl-4">
          <p className="font-bold">{s.serviceName} will help you.</p>
          {s.appointment?.at ? (
            <p>
              Go to see them on <strong>{formatDateTime(s.appointment.at)}</strong>
              {s.appointment.place ? ` at ${s.appointment.place}` : ""}.
            </p>
          ) : (
            <p>
              They will phone you
              {s.expectedContactBy ? (
                <>
                  {" "}
                  by <strong>{formatDate(s.expectedContactBy)}</strong>
                </>
              ) : (
                " soon"
              )}
              .
            </p>
          )}
          <p>
            Their phone number is <strong>{s.servicePhone}</strong>.
          </p>
        </section>
      ))}
      <section aria-label="Your worker" className="space-y-2">
        <p>{card.worker ? `Your worker is ${card.worker.name}.` : "A worker will help you."}</p>
        {phone ? (
          <p>
            Phone your worker on <strong>{phone}</strong>.
          </p>
        ) : null}
      </section>
      <p>If you are in danger, phone 999.</p>
    </article>
  );
}
