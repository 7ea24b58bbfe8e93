import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SubmitButton } from "~/components/forms";
import { EmptyState, PageHeader } from "~/components/page";
import { Pagination } from "~/components/pagination";
import { notificationKindLabels, type NotificationKind } from "~/domain/notifications";
import { findOwnNotification, listNotificationGroups, markRead } from "~/domain/notifications.server";
import { requireSignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Notifications · Pathway" }];

const kinds = Object.keys(notificationKindLabels) as NotificationKind[];
const listSchema = z.object({
  kind: z
    .enum(kinds as [NotificationKind, ...NotificationKind[]])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(args);
  const params = listSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return { ...listNotificationGroups(getDb(), actor, params), kind: params.kind ?? null };
}

const markSchema = z.object({
  notificationId: z.string().max(64).optional(),
  intent: z.enum(["open", "read", "read-all"]).optional(),
  returnTo: z.string().max(300).optional(),
});

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireSignedIn(args);
  const db = getDb();
  const form = parseForm(markSchema, await args.request.formData());
  const chosen =
    form.ok && form.data.notificationId ? findOwnNotification(db, user.id, form.data.notificationId) : null;
  // A notification id that is not one of the user's own is not found, like one in a URL.
  invariantResponse(!form.ok || !form.data.notificationId || chosen, "Not found", { status: 404 });
  const intent = (form.ok && form.data.intent) || (chosen ? "open" : "read-all");
  markRead(db, user.id, chosen ? { notificationId: chosen.id, withGroup: intent === "read" } : "all");
  const returnTo = form.ok && form.data.returnTo?.startsWith("/notifications") ? form.data.returnTo : "/notifications";
  const link = intent === "open" ? chosen?.link : null;
  throw redirect(link && link.startsWith("/") && !link.startsWith("//") ? link : returnTo);
}

function OpenButton({ id, title }: { id: string; title: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="notificationId" value={id} />
      <button type="submit" name="intent" value="open" className="button-secondary">
        Open<span className="sr-only">: {title}</span>
      </button>
    </Form>
  );
}

export default function Notifications() {
  const { groups, page, pageCount, total, kind } = useLoaderData<typeof loader>();
  const unread = groups.filter((g) => g.unread).length;
  const here = `/notifications?${new URLSearchParams({ ...(kind ? { kind } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;
  const pageLink = (n: number) =>
    `/notifications?${new URLSearchParams({ ...(kind ? { kind } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  return (
    <>
      <PageHeader
        title="Notifications"
        lead={`${total} ${total === 1 ? "item" : "items"}${unread ? `, ${unread} unread on this page` : ""}. Repeated overdue notices come as one daily digest.`}
        actions={
          unread ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <input type="hidden" name="returnTo" value={here} />
              <SubmitButton className="button-secondary">Mark all as read</SubmitButton>
            </Form>
          ) : null
        }
      />
      <nav aria-label="Show notifications of one kind" className="mb-4">
        <ul className="flex flex-wrap gap-2">
          {[null, ...kinds].map((k) => (
            <li key={k ?? "all"}>
              <Link
                to={k ? `/notifications?kind=${k}` : "/notifications"}
                aria-current={k === kind ? "page" : undefined}
                className={`inline-block rounded border px-3 py-1 text-sm font-semibold no-underline ${
                  k === kind ? "border-brand-700 bg-brand-700 text-white" : "border-slate-400 text-brand-700"
                }`}
              >
                {k ? notificationKindLabels[k] : "All"}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {groups.length ? (
        <ul className="card divide-y divide-slate-200 p-0 sm:p-0">
          {groups.map((g) => {
            const first = g.items[0];
            const title = g.isDigest
              ? `${g.kindLabel}: ${g.count} ${g.count === 1 ? "notice" : "notices"}${g.serviceName ? ` about ${g.serviceName}` : ""} on ${formatDate(g.latestAt)}`
              : (first?.title ?? g.kindLabel);
            return (
              <li key={g.key} className={`p-4 ${g.unread ? "bg-amber-50" : ""}`}>
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="text-sm font-semibold uppercase tracking-wide text-slate-700">{g.kindLabel}</p>
                    <p className={g.unread ? "font-semibold" : ""}>
                      {g.unread ? <span className="sr-only">Unread: </span> : null}
                      {title}
                    </p>
                    {!g.isDigest && first?.personName ? <p>{first.personName}</p> : null}
                    <p className="text-sm text-slate-700">{formatDateTime(g.latestAt)}</p>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    {!g.isDigest && first?.link ? <OpenButton id={first.id} title={title} /> : null}
                    {g.unread && first ? (
                      <Form method="post">
                        <input type="hidden" name="notificationId" value={first.id} />
                        <input type="hidden" name="returnTo" value={here} />
                        <button type="submit" name="intent" value="read" className="button-secondary">
                          Mark as read<span className="sr-only">: {title}</span>
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </div>
                {g.isDigest ? (
                  <details className="mt-3">
                    <summary className="cursor-pointer font-semibold text-brand-700">
                      Show the {g.count} {g.count === 1 ? "notice" : "notices"}
                    </summary>
                    <ul className="mt-2 divide-y divide-slate-200">
                      {g.items.map((n) => (
                        <li key={n.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                          <div className="min-w-0">
                            <p className={n.readAt ? "" : "font-semibold"}>{n.title}</p>
                            {n.personName ? <p className="text-sm">{n.personName}</p> : null}
                          </div>
                          {n.link ? <OpenButton id={n.id} title={n.title} /> : null}
                        </li>
                      ))}
                    </ul>
                    {g.count > g.items.length ? (
                      <p className="mt-2 text-sm text-slate-700">
                        The first {g.items.length} are shown; filter by kind to see fewer at once.
                      </p>
                    ) : null}
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <EmptyState title="No notifications">
          New onward referrals, declines, overdue feedback and people back in custody appear here.
        </EmptyState>
      )}
      <Pagination page={page} pageCount={pageCount} linkTo={pageLink} />
      <p className="mt-4">
        <Link to="/">Back to your home page</Link>
      </p>
    </>
  );
}
