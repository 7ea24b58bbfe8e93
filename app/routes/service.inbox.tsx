import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EmptyState, PageHeader } from "~/components/page";
import { needLabels } from "~/domain/custody";
import { listInbox } from "~/domain/inbox.server";
import { onwardStatusLabels } from "~/domain/onward-referral-states";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Inbox · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "service-inbox:use");
  return { referrals: listInbox(getDb(), [...actor.serviceIds]) };
}

export default function ServiceInbox() {
  const { referrals } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Inbox" lead="Onward referrals to your services, new first." />
      {referrals.length ? (
        <div className="card overflow-x-auto p-0 sm:p-0">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Service</th>
                <th scope="col">Need</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {referrals.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.createdAt)}</td>
                  <td>{r.serviceName}</td>
                  <td>{needLabels[r.needDomain]}</td>
                  <td>{r.priority === "urgent" ? "Urgent" : "Routine"}</td>
                  <td>{onwardStatusLabels[r.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title="No onward referrals yet">Referrals that arrest referral workers send to your services appear here.</EmptyState>
      )}
    </>
  );
}
