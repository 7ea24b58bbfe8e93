// A follow-up text to the person after release, in one of the approved wordings only (they
// never say why we know the person). Queued here; the message job sends it.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ChoiceGroup, ErrorSummary, SubmitButton } from "~/components/forms";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { DomainError } from "~/domain/errors";
import { FOLLOW_UP_TEMPLATES, type FollowUpTemplate } from "~/domain/message-templates";
import {
  followUpPreviews,
  listTextsForReferral,
  maskPhone,
  queueFollowUpText,
  textableNumber,
} from "~/domain/messages.server";
import { findReferral, referralResource } from "~/domain/referrals.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Send a text message · Pathway" }];

const templateSchema = z.enum(Object.keys(FOLLOW_UP_TEMPLATES) as [FollowUpTemplate, ...FollowUpTemplate[]], {
  message: "Choose one of the messages",
});

async function loadReferral(args: LoaderFunctionArgs | ActionFunctionArgs) {
  await requirePermission(args, "worker:use");
  const db = getDb();
  const referral = findReferral(db, args.params.referralId ?? "");
  invariantResponse(referral, "Not found", { status: 404 });
  const signedIn = await requirePermission(args, "referral:work", referralResource(db, referral));
  return { db, referral, ...signedIn };
}

export async function loader(args: LoaderFunctionArgs) {
  const { db, referral, user } = await loadReferral(args);
  const number = textableNumber(db, referral.personId);
  return {
    referralId: referral.id,
    canText: "phone" in number,
    reason: "reason" in number ? number.reason : null,
    number: "phone" in number ? maskPhone(number.phone) : null,
    previews: followUpPreviews(db, user.id),
    sent: listTextsForReferral(db, referral.id),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { db, referral, audit } = await loadReferral(args);
  const parsed = templateSchema.safeParse((await args.request.formData()).get("template"));
  if (!parsed.success) return data({ errors: { template: parsed.error.issues[0].message } }, { status: 400 });
  try {
    queueFollowUpText(db, audit, referral.id, parsed.data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { template: error.message } }, { status: error.status });
  }
  return redirect(`/worker/referrals/${referral.id}/text?queued=1`);
}

const statusWords = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  held: "Held in the Outbox (no text service set up)",
  failed: "Failed",
  cancelled: "Not sent",
} as const;

export default function SendText() {
  const { referralId, canText, reason, number, previews, sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="mx-auto max-w-2xl">
      <p className="mb-4">
        <Link to={`/worker/referrals/${referralId}`}>Back to the referral</Link>
      </p>
      <PageHeader
        title="Send a text message"
        lead="Choose one of the approved messages. They never say why we know the person: someone else may read their phone."
      />
      {searchParams.get("queued") ? (
        <Notice tone="success">Your message is on its way. Its status shows below.</Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} labels={{ template: "Message" }} />
      {canText ? (
        <Form method="post" className="space-y-4">
          <ChoiceGroup
            name="template"
            type="radio"
            legend={`Message to ${number}`}
            error={actionData?.errors?.template}
            options={previews.map((p) => ({ value: p.value, label: p.label, hint: p.text }))}
          />
          <SubmitButton pendingText="Sending…">Send text message</SubmitButton>
        </Form>
      ) : (
        <Notice tone="warning">{reason}</Notice>
      )}
      <section aria-labelledby="sent-heading" className="mt-8">
        <h2 id="sent-heading" className="text-xl font-bold">
          Text messages for this referral
        </h2>
        {sent.length === 0 ? (
          <EmptyState title="None yet" />
        ) : (
          <ul className="mt-2 space-y-2">
            {sent.map((m) => (
              <li key={m.id} className="card p-3">
                <span className="font-semibold">
                  {m.template === "appointment-reminder"
                    ? "Appointment reminder"
                    : (FOLLOW_UP_TEMPLATES[m.template as FollowUpTemplate] ?? m.template)}
                </span>
                <span className="block text-sm text-slate-700">
                  {formatDateTime(m.createdAt)} · {statusWords[m.status]}
                  {m.deliveryStatus ? ` · delivery: ${m.deliveryStatus}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
