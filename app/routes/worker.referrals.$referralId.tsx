import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { recordAudit } from "~/domain/audit.server";
import { needLabels } from "~/domain/custody";
import { custodyReferralView } from "~/domain/custody.server";
import { referralStateLabels } from "~/domain/referral-states";
import { referralResource } from "~/domain/referrals.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Referral · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "worker:use");
  const db = getDb();
  const view = custodyReferralView(db, args.params.referralId ?? "");
  invariantResponse(view, "Not found", { status: 404 });
  const { audit } = await requirePermission(args, "referral:work", referralResource(db, view.referral));
  recordAudit(db, audit, { action: "person.view", recordType: "arrest_referral", recordId: view.referral.id, personId: view.person.id });
  return {
    referral: { id: view.referral.id, state: view.referral.state, createdAt: view.referral.createdAt },
    episode: {
      custodyReference: view.episode.custodyReference,
      arrivedAt: view.episode.arrivedAt,
      releasedAt: view.episode.releasedAt,
      disclosedNeeds: view.episode.disclosedNeeds,
      disclosedOther: view.episode.disclosedOther,
      safetyNotes: view.episode.safetyNotes,
    },
    person: view.person,
    centreName: view.centreName,
  };
}

export default function WorkerReferral() {
  const { referral, episode, person, centreName } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2">
        <Link to="/worker/queue">Back to the queue</Link>
      </p>
      <PageHeader title={`${person.givenName} ${person.familyName}`} lead={`${centreName} · ${referralStateLabels[referral.state]}`} />
      <section aria-labelledby="details-heading" className="card max-w-2xl">
        <h2 id="details-heading" className="text-xl font-bold">
          From custody
        </h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="font-semibold">Date of birth</dt>
          <dd>{formatDate(person.dateOfBirth)}</dd>
          <dt className="font-semibold">Custody reference</dt>
          <dd className="font-mono">{episode.custodyReference}</dd>
          <dt className="font-semibold">Referred</dt>
          <dd>{formatDateTime(referral.createdAt)}</dd>
          <dt className="font-semibold">Released</dt>
          <dd>{episode.releasedAt ? formatDateTime(episode.releasedAt) : "Still in custody"}</dd>
          <dt className="font-semibold">Needs disclosed</dt>
          <dd>{[...episode.disclosedNeeds.map((n) => needLabels[n]), episode.disclosedOther].filter(Boolean).join(", ") || "None disclosed"}</dd>
          <dt className="font-semibold">Safety</dt>
          <dd>{episode.safetyNotes || "Nothing noted"}</dd>
        </dl>
      </section>
    </>
  );
}
