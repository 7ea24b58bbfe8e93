import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { EmptyState, PageHeader } from "~/components/page";
import { needLabels } from "~/domain/custody";
import { countWaiting, listQueue } from "~/domain/queue.server";
import { referralStateLabels } from "~/domain/referral-states";
import { findOrganisation } from "~/domain/organisations.server";
import { listCentresByIds } from "~/domain/custody.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDuration, minutesBetween } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.waitingCount ? `(${data.waitingCount}) ` : ""}Queue · Pathway` },
];

const filterSchema = z.object({
  show: z.enum(["waiting", "mine", "follow_up", "open"]).catch("open"),
  centre: z.string().optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const { user, actor } = await requirePermission(args, "worker:use");
  const db = getDb();
  const url = new URL(args.request.url);
  const filter = filterSchema.parse(Object.fromEntries(url.searchParams));
  const centreIds = [...actor.centreIds];
  const provider = findOrganisation(db, user.organisationId)!;
  return {
    referrals: listQueue(db, { centreIds, workerId: user.id, filter: filter.show, centreId: filter.centre || undefined }),
    waitingCount: countWaiting(db, centreIds),
    centres: listCentresByIds(db, centreIds),
    filter,
    overdueMinutes: provider.queueOverdueMinutes,
    userId: user.id,
    now: new Date().toISOString(),
  };
}

const filterLabels = { open: "All open", waiting: "Waiting", mine: "Mine", follow_up: "Follow-up" } as const;

export default function WorkerQueue() {
  const { referrals, waitingCount, centres, filter, overdueMinutes, now } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [searchParams] = useSearchParams();

  // The queue refreshes itself every 10 seconds while the page is visible.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 10_000);
    return () => clearInterval(timer);
  }, [revalidator]);

  return (
    <>
      <PageHeader title="Referral queue" lead={`${waitingCount} waiting for a worker at your centres`} />
      <Form method="get" className="card mb-6 flex flex-wrap items-end gap-4" role="search" aria-label="Filter the queue">
        <fieldset>
          <legend className="font-semibold">Show</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {Object.entries(filterLabels).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
                <input type="radio" name="show" value={value} defaultChecked={filter.show === value} className="h-5 w-5 shrink-0 accent-brand-700" />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="queue-centre" className="block font-semibold">
            Centre
          </label>
          <select id="queue-centre" name="centre" defaultValue={searchParams.get("centre") ?? ""} className="input mt-1">
            <option value="">All your centres</option>
            {centres.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary">
          Apply
        </button>
      </Form>

      {referrals.length ? (
        <div className="card overflow-x-auto p-0 sm:p-0">
          <table className="table">
            <caption className="sr-only">Referrals, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Waited</th>
                <th scope="col">Centre</th>
                <th scope="col">Needs disclosed</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {referrals.map((r) => {
                const isOverdue = r.state === "new" && minutesBetween(r.createdAt, new Date(now)) > overdueMinutes;
                return (
                  <tr key={r.id} className={isOverdue ? "bg-amber-50" : undefined}>
                    <td>
                      <Link to={`/worker/referrals/${r.id}`} className="font-semibold">
                        {r.givenName} {r.familyName}
                      </Link>
                      {r.earlierReferralCount > 0 ? (
                        <span className="badge ml-2 bg-sky-100 text-sky-900">Known: {r.earlierReferralCount} earlier</span>
                      ) : null}
                      {r.safetyNotes ? <span className="mt-1 block text-sm text-red-800">Safety: {r.safetyNotes}</span> : null}
                    </td>
                    <td>
                      {formatDuration(r.createdAt, new Date(now))}
                      {isOverdue ? <span className="badge ml-2 bg-amber-200 text-amber-950">Overdue</span> : null}
                    </td>
                    <td>{r.centreName}</td>
                    <td>{r.disclosedNeeds.map((n) => needLabels[n]).join(", ") || "None disclosed"}</td>
                    <td>
                      {r.releasedAt && r.state !== "follow_up" ? "Released · " : ""}
                      {referralStateLabels[r.state]}
                      {r.assignedWorkerName ? ` (${r.assignedWorkerName})` : ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title="Nothing here right now">New referrals from your centres appear here by themselves.</EmptyState>
      )}
    </>
  );
}
