// The doors into support an officer opens outside the custody desk (decision 014): a naloxone
// report after a near-fatal overdose, and a referral of someone met on patrol.
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { PatrolReferralList } from "~/components/patrol-referrals";
import { listMyPatrolReferrals } from "~/domain/patrol.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Patrol and naloxone · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "police:use");
  return { patrolReferrals: listMyPatrolReferrals(getDb(), actor) };
}

export default function PoliceHome() {
  const { patrolReferrals } = useLoaderData<typeof loader>();
  const doors = [
    {
      to: "/police/naloxone/new",
      title: "Report naloxone given",
      text: "After a near-fatal overdose: the arrest referral service follows it up as a priority.",
    },
    {
      to: "/police/patrol/new",
      title: "Refer someone you met on patrol",
      text: "With their agreement, to a local service for the help they need.",
    },
  ];
  return (
    <>
      <PageHeader title="Patrol and naloxone" lead="Support for people you meet outside custody." />
      <ul className="grid gap-4 sm:grid-cols-2">
        {doors.map((door) => (
          <li key={door.to} className="card">
            <h2 className="text-lg font-bold">
              <Link to={door.to}>{door.title}</Link>
            </h2>
            <p className="mt-1 text-slate-700">{door.text}</p>
          </li>
        ))}
      </ul>
      <PatrolReferralList referrals={patrolReferrals} />
    </>
  );
}
