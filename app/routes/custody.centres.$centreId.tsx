import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { OfferForm, type OfferActionData } from "~/components/offer-form";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { recordPeopleViewed } from "~/domain/audit.server";
import { currentConsentWording } from "~/domain/consents.server";
import { parseOffer, personSearchSchema, withDateOfBirth } from "~/domain/custody";
import { centreActivity, findCentre, isNotFitOfferAt, recordOffer, resolveNotFitOffer } from "~/domain/custody.server";
import { DomainError } from "~/domain/errors";
import { findLikelyMatches } from "~/domain/people.server";
import { referralStateLabel } from "~/domain/referral-states";
import { findReferral } from "~/domain/referrals.server";
import { requirePermission, type SignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDuration, formatTime, isoToUkLocal } from "~/utils/dates";
import { errorsFromZod, formValues } from "~/utils/forms";
import { ownValue } from "~/utils/keys";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.centre.name ?? "Custody centre"} · Pathway` },
];

async function requireCentre(args: LoaderFunctionArgs) {
  const centreId = args.params.centreId ?? "";
  const signedIn = await requirePermission(args, "custody:record-offer", { type: "custodyCentre", id: centreId });
  const centre = findCentre(getDb(), centreId);
  invariantResponse(centre, "Not found", { status: 404 });
  return { signedIn, centre };
}

export async function loader(args: LoaderFunctionArgs) {
  const { signedIn, centre } = await requireCentre(args);
  const db = getDb();
  const confirmedReferralId = new URL(args.request.url).searchParams.get("referral");
  const confirmed = confirmedReferralId ? findReferral(db, confirmedReferralId) : undefined;
  return {
    centre: { id: centre.id, name: centre.name, custodyReferenceExample: centre.custodyReferenceExample },
    activity: centreActivity(db, centre.id),
    consentWording: currentConsentWording(db, "speak_to_worker")!,
    arrivedAtDefault: isoToUkLocal(new Date().toISOString()),
    userId: signedIn.user.id,
    confirmed: confirmed && confirmed.custodyCentreId === centre.id ? { id: confirmed.id } : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { signedIn, centre } = await requireCentre(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "find-matches") return findMatches(signedIn, formData);

  const values = formValues(formData);
  const parsed = parseOffer(values, centre);
  const db = getDb();
  const reofferOf = typeof values.reofferOfOfferId === "string" ? values.reofferOfOfferId.trim() : "";
  // An offer being made again must be one of this centre's, like an id in a URL.
  invariantResponse(!reofferOf || isNotFitOfferAt(db, centre.id, reofferOf), "Not found", { status: 404 });
  // The match box stays on the page with the form sent back, answered or not.
  const matchesFor = () => matchesShown(db, signedIn, values);
  if (!parsed.success)
    return data<OfferActionData>({ errors: errorsFromZod(parsed.error), values, ...matchesFor() }, { status: 400 });
  try {
    const recorded = recordOffer(db, signedIn.audit, centre, parsed.data);
    if (reofferOf && recorded.result !== "accepted") resolveNotFitOffer(db, signedIn.audit, centre.id, reofferOf);
    const search = recorded.result === "accepted" ? `?referral=${recorded.referralId}` : `?recorded=${recorded.result}`;
    throw redirect(`/custody/centres/${centre.id}${search}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<OfferActionData>(
      {
        errors: { [error.field]: error.message },
        values,
        existingReferralId: (error.options.detail?.existingReferralId as string | undefined) ?? null,
        ...matchesFor(),
      },
      { status: error.status === 409 ? 409 : 400 },
    );
  }
}

function findMatches(signedIn: SignedIn, formData: FormData) {
  const values = formValues(formData);
  return data<OfferActionData>({ errors: {}, values, ...matchesShown(getDb(), signedIn, values) });
}

/** The likely earlier matches for what was typed, each showing audited. */
function matchesShown(db: ReturnType<typeof getDb>, signedIn: SignedIn, values: Record<string, string | string[]>) {
  if (values.result && values.result !== "accepted") return { matches: [], searched: false };
  const search = personSearchSchema.safeParse(withDateOfBirth(values));
  if (!search.success) return { matches: [], searched: false };
  const { familyName, dateOfBirth, policeIdentifier, healthIdentifier } = search.data;
  if (!(familyName && dateOfBirth) && !policeIdentifier && !healthIdentifier) return { matches: [], searched: false };
  const matches = findLikelyMatches(db, search.data);
  // One audit batch for the matches shown (one insert, one commit): this runs as the officer types.
  recordPeopleViewed(
    db,
    signedIn.audit,
    matches.map((match) => ({ personId: match.personId, via: "match-shown" as const, recordId: match.personId })),
  );
  return { matches, searched: true };
}

const recordedMessages: Record<string, string> = {
  declined: "Declined offer recorded. No personal details were kept.",
  not_offered: "Recorded that arrest referral was not offered. No personal details were kept.",
  not_fit: "Recorded as not fit to consent now. The custody reference is listed below to offer again later.",
};

export default function CustodyCentre() {
  const { centre, activity, consentWording, arrivedAtDefault, userId, confirmed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const recorded = searchParams.get("recorded");
  const recordedMessage = ownValue(recordedMessages, recorded);
  const waiting = activity.referrals.filter((r) => r.state === "new").length;

  return (
    <>
      <PageHeader
        title={centre.name}
        lead={`${activity.referrals.length} referrals in the last 24 hours · ${waiting} waiting for a worker`}
        actions={
          <Link to="/custody?choose=1" className="button-secondary">
            Change centre
          </Link>
        }
      />
      {confirmed ? (
        <Notice tone="success">
          <p className="font-semibold">Referral made. It is in the referral workers’ queue now.</p>
          <p>
            <Link to={`/custody/referrals/${confirmed.id}`}>Open the referral</Link> to record release or correct a
            mistake.
          </p>
        </Notice>
      ) : null}
      {recordedMessage ? (
        <Notice tone="success">
          <p className="font-semibold">{recordedMessage}</p>
        </Notice>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="offer-heading" className="card">
          <h2 id="offer-heading" className="text-xl font-bold">
            Record an offer of arrest referral
          </h2>
          <OfferForm
            key={confirmed?.id ?? recorded ?? "offer"}
            actionData={actionData}
            consentWording={consentWording}
            custodyReferenceExample={centre.custodyReferenceExample}
            arrivedAtDefault={arrivedAtDefault}
            toOfferAgain={activity.toOfferAgain}
          />
        </section>

        <div className="space-y-6">
          <section aria-labelledby="offer-again-heading" className="card">
            <h2 id="offer-again-heading" className="text-xl font-bold">
              Offer again later
            </h2>
            {activity.toOfferAgain.length ? (
              <ul className="mt-2 divide-y divide-slate-200">
                {activity.toOfferAgain.map((o) => (
                  <li key={o.id} className="py-2">
                    <span className="font-mono font-semibold">{o.custodyReference}</span>
                    <span className="text-slate-700">
                      {" "}
                      · not fit to consent {formatDuration(o.recordedAt)} ago
                    </span>{" "}
                    <Link to={`?reoffer=${o.id}`} aria-label={`Offer again to ${o.custodyReference}`}>
                      Offer again
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-slate-700">Nobody is waiting to be offered again.</p>
            )}
          </section>

          <section aria-labelledby="today-heading" className="card">
            <h2 id="today-heading" className="text-xl font-bold">
              Referrals in the last 24 hours
            </h2>
            <p className="mt-1 text-sm text-slate-700">
              Offers: {activity.offerCounts.accepted ?? 0} accepted · {activity.offerCounts.declined ?? 0} declined ·{" "}
              {activity.offerCounts.not_fit ?? 0} not fit now · {activity.offerCounts.not_offered ?? 0} not offered
            </p>
            {activity.referrals.length ? (
              <ul className="mt-3 divide-y divide-slate-200">
                {activity.referrals.map((r) => (
                  <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                    <span>
                      <Link to={`/custody/referrals/${r.id}`} className="font-semibold">
                        {r.givenName} {r.familyName}
                      </Link>{" "}
                      <span className="font-mono text-sm">{r.custodyReference}</span>
                      <span className="block text-sm text-slate-700">
                        {formatTime(r.createdAt)} ·{" "}
                        {r.releasedBeforeSeen ? "Released before seen" : referralStateLabel(r.state, "custody")}
                        {r.releasedAt ? ` · released ${formatTime(r.releasedAt)}` : ""}
                        {r.createdByUserId === userId ? " · made by you" : ""}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title="No referrals yet today">Every accepted offer appears here with its state.</EmptyState>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
