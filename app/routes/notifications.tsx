import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SubmitButton } from "~/components/forms";
import { EmptyState, PageHeader } from "~/components/page";
import { listNotifications, markRead } from "~/domain/notifications.server";
import { requireSignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Notifications · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(args);
  return { notifications: listNotifications(getDb(), user.id) };
}

const markSchema = z.object({ notificationId: z.string().max(64).optional() });

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireSignedIn(args);
  const form = parseForm(markSchema, await args.request.formData());
  const chosen =
    form.ok && form.data.notificationId
      ? listNotifications(getDb(), user.id).find((n) => n.id === form.data.notificationId)
      : null;
  // A notification id that is not one of the user's own is not found, like one in a URL.
  invariantResponse(!form.ok || !form.data.notificationId || chosen, "Not found", { status: 404 });
  markRead(getDb(), user.id, chosen ? [chosen.id] : "all");
  const link = chosen?.link;
  throw redirect(link && link.startsWith("/") ? link : "/notifications");
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <>
      <PageHeader
        title="Notifications"
        lead={`${unread} unread`}
        actions={
          unread ? (
            <Form method="post">
              <SubmitButton className="button-secondary">Mark all as read</SubmitButton>
            </Form>
          ) : null
        }
      />
      {notifications.length ? (
        <ul className="card divide-y divide-slate-200 p-0 sm:p-0">
          {notifications.map((n) => (
            <li
              key={n.id}
              className={`flex flex-wrap items-center justify-between gap-3 p-4 ${n.readAt ? "" : "bg-amber-50"}`}
            >
              <div>
                <p className={n.readAt ? "" : "font-semibold"}>
                  {n.readAt ? null : <span className="sr-only">Unread: </span>}
                  {n.title}
                </p>
                <p className="text-sm text-slate-700">{formatDateTime(n.createdAt)}</p>
              </div>
              {n.link ? (
                <Form method="post">
                  <input type="hidden" name="notificationId" value={n.id} />
                  <button type="submit" className="button-secondary">
                    Open<span className="sr-only">: {n.title}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No notifications">
          New onward referrals, declines, overdue feedback and people back in custody appear here.
        </EmptyState>
      )}
      <p className="mt-4">
        <Link to="/">Back to your home page</Link>
      </p>
    </>
  );
}
