import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { OnwardStatusBadge, OverdueBadge } from "~/components/onward-referral-status";
import { EmptyState, PageHeader } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { needLabels } from "~/domain/custody";
import { listInbox } from "~/domain/inbox.server";
import { INBOX_FILTERS, INBOX_MOST_SHOWN, INBOX_PAGE_SIZE, type InboxFilter } from "~/domain/onward-referral-states";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatDuration } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Inbox · Pathway" }];

const querySchema = z.object({
  status: z.enum(Object.keys(INBOX_FILTERS) as [InboxFilter, ...InboxFilter[]]).catch("open"),
  /** How many to show: a page, and a page more for each "Show more". */
  shown: z.coerce
    .number()
    .int()
    .min(INBOX_PAGE_SIZE)
    .catch(INBOX_PAGE_SIZE)
    .transform((n) => Math.min(n, INBOX_MOST_SHOWN)),
});

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "service-inbox:use");
  const { status, shown } = querySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return { filter: status, ...listInbox(getDb(), [...actor.serviceIds], status, { shown }) };
}

/**
 * After "Show more", keyboard focus moves to the first referral it added (in whichever of the
 * two layouts shows), rather than staying on a link that may have gone.
 */
function useFocusOnFirstNewRow(filter: string, count: number) {
  const before = useRef({ filter, count });
  useEffect(() => {
    const was = before.current;
    before.current = { filter, count };
    if (was.filter !== filter || count <= was.count) return;
    const links = document.querySelectorAll<HTMLElement>(`[data-inbox-row="${was.count}"]`);
    [...links].find((link) => link.offsetParent !== null)?.focus();
  }, [filter, count]);
}

export default function ServiceInbox() {
  const { filter, rows, total, waiting, overdue } = useLoaderData<typeof loader>();
  const more = Math.min(INBOX_PAGE_SIZE, total - rows.length, INBOX_MOST_SHOWN - rows.length);
  useFocusOnFirstNewRow(filter, rows.length);
  return (
    <>
      <PageHeader
        title="Inbox"
        lead="Onward referrals to your services: new ones first, then anything overdue."
        actions={
          <Link to="/service/uploads" className="button-secondary">
            Upload outcomes from a spreadsheet
          </Link>
        }
      />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <Form method="get" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="inbox-status" className="block font-semibold">
              Show
            </label>
            <select id="inbox-status" name="status" defaultValue={filter} className="input mt-1">
              {Object.entries(INBOX_FILTERS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-secondary">
            Show
          </button>
        </Form>
        <p aria-live="polite" className="text-slate-700">
          {total} {total === 1 ? "referral" : "referrals"} · {waiting} waiting for an answer · {overdue} overdue
        </p>
      </div>
      {rows.length ? (
        <>
          <ul className="space-y-3 md:hidden" aria-label="Onward referrals">
            {rows.map((r, i) => (
              <li key={r.id} className={`card ${r.status === "requested" ? "border-sky-300 bg-sky-50" : ""}`}>
                <p className="flex flex-wrap items-center gap-2">
                  <Link to={`/service/referrals/${r.id}`} className="text-lg font-semibold" data-inbox-row={i}>
                    {needLabels[r.needDomain]} referral
                  </Link>
                  {r.priority === "urgent" ? <span className="badge bg-red-100 text-red-900">Urgent</span> : null}
                </p>
                <p className="text-sm text-slate-700">
                  {r.serviceName} · from {r.referringOrganisationName}
                </p>
                <p className="text-sm text-slate-700">
                  Received {formatDate(r.createdAt)} ({formatDuration(r.createdAt)} ago)
                </p>
                <p className="mt-2 flex flex-wrap gap-1">
                  <OnwardStatusBadge status={r.status} />
                  <OverdueBadge overdue={r.overdue} />
                </p>
              </li>
            ))}
          </ul>
          <ScrollsSideways label="Onward referrals" className="card hidden p-0 sm:p-0 md:block">
            <table className="table">
              <caption className="sr-only">Onward referrals: {INBOX_FILTERS[filter].toLowerCase()}</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Need</th>
                  <th scope="col">Service</th>
                  <th scope="col">From</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.id} className={r.status === "requested" ? "bg-sky-50" : undefined}>
                    <td>
                      <Link to={`/service/referrals/${r.id}`} className="font-semibold" data-inbox-row={i}>
                        {formatDate(r.createdAt)}
                        <span className="sr-only">
                          : open the {needLabels[r.needDomain].toLowerCase()} referral to {r.serviceName}
                        </span>
                      </Link>
                      <span className="block text-sm text-slate-700">{formatDuration(r.createdAt)} ago</span>
                    </td>
                    <td>
                      {needLabels[r.needDomain]}
                      {r.priority === "urgent" ? <span className="badge ml-2 bg-red-100 text-red-900">Urgent</span> : null}
                    </td>
                    <td>{r.serviceName}</td>
                    <td>{r.referringOrganisationName}</td>
                    <td>
                      <span className="flex flex-wrap gap-1">
                        <OnwardStatusBadge status={r.status} />
                        <OverdueBadge overdue={r.overdue} />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollsSideways>
        </>
      ) : (
        <EmptyState title={filter === "open" ? "No open referrals" : "Nothing to show"}>
          Referrals that arrest referral workers send to your services appear here.
        </EmptyState>
      )}
      {rows.length < total ? (
        <p className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2">
          <span className="text-slate-700">
            Showing {rows.length} of {total}.{more > 0 ? "" : " Choose a narrower filter to see the rest."}
          </span>
          {more > 0 ? (
            <Link to={`?status=${filter}&shown=${rows.length + more}`} preventScrollReset className="button-secondary">
              Show {more} more
            </Link>
          ) : null}
        </p>
      ) : null}
    </>
  );
}
