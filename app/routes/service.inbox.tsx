import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { ColumnList, columnDetailClass, columnItemClass } from "~/components/column-list";
import { OnwardStatusBadge, OverdueBadge } from "~/components/onward-referral-status";
import { EmptyState, PageHeader } from "~/components/page";
import { needLabels } from "~/domain/custody";
import { inboxServices, listInbox, type InboxRow } from "~/domain/inbox.server";
import { INBOX_FILTERS, INBOX_MOST_SHOWN, INBOX_PAGE_SIZE, type InboxFilter } from "~/domain/onward-referral-states";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate, formatDuration } from "~/utils/dates";
import { formValues } from "~/utils/forms";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Inbox · Pathway" }];

/** The columns the referrals line up in from tablet width. */
const COLUMNS = "md:grid-cols-[minmax(0,2fr)_minmax(0,1.2fr)_6rem_minmax(0,2fr)_minmax(0,1.6fr)] md:gap-4";

const URGENCY = { any: "Any urgency", urgent: "Urgent only", routine: "Routine only" } as const;

/** The filters that may sit in the address: none of them says who a person is. */
const filtersSchema = z.object({
  status: z.enum(Object.keys(INBOX_FILTERS) as [InboxFilter, ...InboxFilter[]]).catch("open"),
  service: z.string().max(64).optional().catch(undefined),
  urgency: z.enum(["any", "urgent", "routine"]).catch("any"),
  /** How many to show: a page, and a page more for each "Show more". */
  shown: z.coerce
    .number()
    .int()
    .min(INBOX_PAGE_SIZE)
    .catch(INBOX_PAGE_SIZE)
    .transform((n) => Math.min(n, INBOX_MOST_SHOWN)),
});
/** A search for one person travels only in a POST body, never in the address or the logs. */
const searchSchema = z.object({ q: z.string().trim().max(100).catch("") });
type Filters = z.infer<typeof filtersSchema>;

async function inbox(args: LoaderFunctionArgs, filters: Filters, search: string) {
  const { actor } = await requirePermission(args, "service-inbox:use");
  const db = getDb();
  const serviceIds = [...actor.serviceIds];
  const services = inboxServices(db, serviceIds);
  // A service that is not one of the organisation's is ignored, as an unknown filter is.
  const service = services.some((s) => s.id === filters.service) ? filters.service! : "";
  const list = listInbox(
    db,
    serviceIds,
    {
      filter: filters.status,
      serviceId: service || null,
      priority: filters.urgency === "any" ? null : filters.urgency,
      search: search || null,
    },
    { shown: filters.shown },
  );
  return { filters: { ...filters, service }, search, services, ...list };
}

export async function loader(args: LoaderFunctionArgs) {
  const params = new URL(args.request.url).searchParams;
  return inbox(args, filtersSchema.parse(Object.fromEntries(params)), "");
}

export async function action(args: ActionFunctionArgs) {
  const values = formValues(await args.request.formData());
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, one(v)]));
  return inbox(args, filtersSchema.parse(fields), searchSchema.parse(fields).q);
}

/** After "Show more", keyboard focus moves to the first referral it added. */
function useFocusOnFirstNewRow(key: string, count: number) {
  const before = useRef({ key, count });
  useEffect(() => {
    const was = before.current;
    before.current = { key, count };
    if (was.key !== key || count <= was.count) return;
    document.querySelector<HTMLElement>(`[data-inbox-row="${was.count}"]`)?.focus();
  }, [key, count]);
}

function Who({ row }: { row: InboxRow }) {
  return row.person ? (
    <>
      {row.person.name}
      <span className="block text-sm font-normal text-slate-700">Born {formatDate(row.person.dateOfBirth)}</span>
    </>
  ) : (
    <>
      Name not shared
      <span className="block text-sm font-normal text-slate-700">{needLabels[row.needDomain]} referral</span>
    </>
  );
}

const Urgency = ({ priority }: { priority: InboxRow["priority"] }) =>
  priority === "urgent" ? (
    <span className="badge bg-red-100 text-red-900">Urgent</span>
  ) : (
    <span className="badge bg-slate-100 text-slate-900">Routine</span>
  );

/** The filters as hidden fields, so that a search keeps them. */
function FilterFields({ filters }: { filters: Filters }) {
  return (
    <>
      <input type="hidden" name="status" value={filters.status} />
      <input type="hidden" name="service" value={filters.service ?? ""} />
      <input type="hidden" name="urgency" value={filters.urgency} />
    </>
  );
}

export default function ServiceInbox() {
  const loaded = useLoaderData<typeof loader>();
  const searched = useActionData<typeof action>();
  const { filters, search, services, rows, total, waiting, overdue } = searched ?? loaded;
  const more = Math.min(INBOX_PAGE_SIZE, total - rows.length, INBOX_MOST_SHOWN - rows.length);
  useFocusOnFirstNewRow(`${filters.status}|${filters.service}|${filters.urgency}|${search}`, rows.length);
  const addressOf = (shown: number) =>
    `?${new URLSearchParams({ status: filters.status, ...(filters.service ? { service: filters.service } : {}), urgency: filters.urgency, shown: String(shown) })}`;
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
      <div className="card mb-4 space-y-4">
        <Form method="post" className="flex flex-wrap items-end gap-2" aria-label="Find a person">
          <FilterFields filters={filters} />
          <div className="min-w-0 flex-1 basis-64">
            <label htmlFor="inbox-search" className="block font-semibold">
              Find a person
            </label>
            <p id="inbox-search-hint" className="text-sm text-slate-700">
              Name, date of birth (14/03/1990) or Pathway reference. Names are found only where the person agreed to
              share them with you.
            </p>
            <input
              id="inbox-search"
              name="q"
              type="search"
              defaultValue={search}
              aria-describedby="inbox-search-hint"
              autoComplete="off"
              spellCheck={false}
              className="input mt-1 w-full"
            />
          </div>
          <button type="submit" className="button">
            Search
          </button>
          {search ? (
            <Link to={addressOf(INBOX_PAGE_SIZE)} className="button-secondary">
              Clear search
            </Link>
          ) : null}
        </Form>
        <Form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter the inbox">
          <div>
            <label htmlFor="inbox-status" className="block font-semibold">
              Status
            </label>
            <select id="inbox-status" name="status" defaultValue={filters.status} className="input mt-1">
              {Object.entries(INBOX_FILTERS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {services.length > 1 ? (
            <div>
              <label htmlFor="inbox-service" className="block font-semibold">
                Service
              </label>
              <select id="inbox-service" name="service" defaultValue={filters.service} className="input mt-1">
                <option value="">All your services</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div>
            <label htmlFor="inbox-urgency" className="block font-semibold">
              Urgency
            </label>
            <select id="inbox-urgency" name="urgency" defaultValue={filters.urgency} className="input mt-1">
              {Object.entries(URGENCY).map(([value, label]) => (
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
      </div>
      <p aria-live="polite" className="mb-3 text-slate-700">
        {search ? `Search: “${search}” · ` : ""}
        {total} {total === 1 ? "referral" : "referrals"} · {waiting} waiting for an answer · {overdue} overdue
      </p>
      {rows.length ? (
        <ColumnList
          label={`Onward referrals: ${INBOX_FILTERS[filters.status].toLowerCase()}`}
          columns={COLUMNS}
          headings={["Person", "Referred", "Urgency", "Need and service", "Status"]}
        >
          {rows.map((r, i) => (
            <li key={r.id} className={columnItemClass(COLUMNS, r.status === "requested" ? "bg-sky-50" : "")}>
              <div className="flex flex-wrap items-start justify-between gap-2 md:block">
                <Link
                  to={`/service/referrals/${r.id}`}
                  className="text-lg font-semibold md:text-base"
                  data-inbox-row={i}
                >
                  <Who row={r} />
                  <span className="sr-only">
                    : open the {needLabels[r.needDomain].toLowerCase()} referral to {r.serviceName}
                  </span>
                </Link>
                <span className="md:hidden">
                  <Urgency priority={r.priority} />
                </span>
              </div>
              <p className={columnDetailClass}>
                <span className="md:sr-only">Referred </span>
                {formatDate(r.createdAt)}
                <span className="text-sm text-slate-700 md:block"> ({formatDuration(r.createdAt)} ago)</span>
              </p>
              <p className="hidden md:block">
                <Urgency priority={r.priority} />
              </p>
              <p className={columnDetailClass}>
                {needLabels[r.needDomain]}
                <span className="text-sm text-slate-700 md:block">
                  <span className="md:hidden"> · </span>
                  {r.serviceName} · from {r.referringOrganisationName}
                </span>
              </p>
              <p className="mt-1 flex flex-wrap gap-1 md:mt-0">
                <OnwardStatusBadge status={r.status} />
                <OverdueBadge overdue={r.overdue} />
              </p>
            </li>
          ))}
        </ColumnList>
      ) : (
        <EmptyState
          title={
            search
              ? "No referral matches the search"
              : filters.status === "open"
                ? "No open referrals"
                : "Nothing to show"
          }
        >
          {search
            ? "Check the spelling or the date, try the Pathway reference, or widen the filters."
            : "Referrals that arrest referral workers send to your services appear here."}
        </EmptyState>
      )}
      {rows.length < total ? (
        <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2">
          <span className="text-slate-700">
            Showing {rows.length} of {total}.{more > 0 ? "" : " Choose a narrower filter to see the rest."}
          </span>
          {more > 0 && search ? (
            <Form method="post" preventScrollReset>
              <FilterFields filters={filters} />
              <input type="hidden" name="q" value={search} />
              <input type="hidden" name="shown" value={rows.length + more} />
              <button type="submit" className="button-secondary">
                Show {more} more
              </button>
            </Form>
          ) : more > 0 ? (
            <Link to={addressOf(rows.length + more)} preventScrollReset className="button-secondary">
              Show {more} more
            </Link>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
