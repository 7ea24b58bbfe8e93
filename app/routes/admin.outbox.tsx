import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminPage, StatusBadge } from "~/components/admin/admin-page";
import { ChoiceGroup, SubmitButton } from "~/components/forms";
import { EmptyState, Notice } from "~/components/page";
import { emailLeavesPathway } from "~/domain/message-channels.server";
import { MESSAGE_TYPES, messageTypes, type MessageType } from "~/domain/message-templates";
import {
  listOutbox,
  outboxCounts,
  setTurnedOffMessageTypes,
  turnedOffMessageTypes,
  type Message,
} from "~/domain/messages.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Administration · Pathway" }];

const STATUSES = ["queued", "sending", "sent", "held", "failed", "cancelled"] as const;
const statusLabels: Record<Message["status"], string> = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  held: "Held in the Outbox",
  failed: "Failed",
  cancelled: "Not sent",
};
const statusTones: Record<Message["status"], "green" | "grey" | "amber" | "red"> = {
  queued: "grey",
  sending: "amber",
  sent: "green",
  held: "grey",
  failed: "red",
  cancelled: "grey",
};
const providerLabels = { notify: "GOV.UK Notify", smtp: "Email server (SMTP)", outbox: "Outbox only" } as const;

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const status = z
    .enum(STATUSES)
    .optional()
    .catch(undefined)
    .parse(new URL(args.request.url).searchParams.get("status") ?? undefined);
  const db = getDb();
  const config = env();
  return {
    status: status ?? null,
    messages: listOutbox(db, { status, limit: 100 }),
    counts: outboxCounts(db),
    turnedOff: [...turnedOffMessageTypes(db)],
    channels: {
      email:
        config.NOTIFY_API_KEY && config.NOTIFY_EMAIL_TEMPLATE_ID
          ? "GOV.UK Notify"
          : emailLeavesPathway(config)
            ? "your email server (SMTP)"
            : null,
      sms: config.NOTIFY_API_KEY && config.NOTIFY_SMS_TEMPLATE_ID ? "GOV.UK Notify" : null,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const formData = await args.request.formData();
  const on = new Set(formData.getAll("on").map(String));
  const off = messageTypes.filter((t) => !on.has(t));
  setTurnedOffMessageTypes(getDb(), audit, off);
  return data({ saved: true });
}

export default function Outbox() {
  const { status, messages, counts, turnedOff, channels } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>()?.saved;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <AdminPage title="Outbox" lead="Every email and text message Pathway sends or would send, newest first.">
      <Notice>
        {channels.email
          ? `Email goes through ${channels.email}.`
          : "No email service is set up: emails are kept here and not sent."}{" "}
        {channels.sms
          ? `Text messages go through ${channels.sms}.`
          : "No text message service is set up: texts are kept here and not sent."}{" "}
        README explains how to set up GOV.UK Notify or an email server.
      </Notice>

      <nav aria-label="Filter by status" className="my-4">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          <li>
            <Link
              to="/admin/outbox"
              aria-current={status === null ? "page" : undefined}
              className={status === null ? "font-bold" : ""}
            >
              All ({total})
            </Link>
          </li>
          {STATUSES.map((s) => (
            <li key={s}>
              <Link
                to={`/admin/outbox?status=${s}`}
                aria-current={status === s ? "page" : undefined}
                className={status === s ? "font-bold" : ""}
              >
                {statusLabels[s]} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {messages.length === 0 ? (
        <EmptyState title="No messages">Messages appear here as soon as Pathway queues them.</EmptyState>
      ) : (
        <ol className="space-y-4" aria-label="Messages">
          {messages.map((m) => (
            <li key={m.id} className="card p-4" data-message-type={m.type}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="text-lg font-bold">
                  {m.channel === "email" ? "Email" : "Text message"} to {m.shownRecipient}
                </h2>
                <StatusBadge tone={statusTones[m.status]}>{statusLabels[m.status]}</StatusBadge>
              </div>
              <p className="text-sm text-slate-700">
                {MESSAGE_TYPES[m.type as MessageType]?.label ?? m.type} · queued {formatDateTime(m.createdAt)}
                {m.status === "queued" ? ` · sends ${formatDateTime(m.nextAttemptAt)}` : ""}
                {m.sentAt ? ` · ${m.status === "held" ? "kept" : "sent"} ${formatDateTime(m.sentAt)}` : ""}
                {m.provider ? ` · ${providerLabels[m.provider]}` : ""}
                {m.attemptCount > 1 ? ` · ${m.attemptCount} attempts` : ""}
                {m.deliveryStatus ? ` · delivery: ${m.deliveryStatus}` : ""}
              </p>
              {m.statusReason && m.status !== "held" ? <p className="mt-1 text-sm">{m.statusReason}</p> : null}
              <div className="mt-2 whitespace-pre-wrap break-words rounded border border-slate-300 bg-slate-50 p-3 font-mono text-sm">
                {m.subject ? <p className="font-bold">Subject: {m.subject}</p> : null}
                {m.body}
              </div>
            </li>
          ))}
        </ol>
      )}

      <section aria-labelledby="types-heading" className="mt-10 max-w-2xl">
        <h2 id="types-heading" className="text-xl font-bold">
          Which messages Pathway sends
        </h2>
        {saved ? (
          <Notice tone="success">Saved. Messages of the kinds not ticked are no longer queued or sent.</Notice>
        ) : null}
        <Form method="post" className="mt-3 space-y-4">
          <ChoiceGroup
            name="on"
            type="checkbox"
            legend="Send these"
            hint="A kind not ticked is not sent at all, including messages already waiting."
            options={messageTypes.map((t) => ({
              value: t,
              label: MESSAGE_TYPES[t].label,
              hint: MESSAGE_TYPES[t].channel === "sms" ? "Text message to the person" : "Email",
            }))}
            defaultValue={messageTypes.filter((t) => !turnedOff.includes(t))}
          />
          <SubmitButton pendingText="Saving…">Save</SubmitButton>
        </Form>
      </section>
    </AdminPage>
  );
}
