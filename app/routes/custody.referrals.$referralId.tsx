import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { HistorySummary } from "~/components/offer-form";
import { Notice, PageHeader } from "~/components/page";
import { recordPersonViewed } from "~/domain/audit.server";
import { cancelSchema, needLabels, releaseSchema } from "~/domain/custody";
import { canCancel, cancelReferral, recordRelease } from "~/domain/custody.server";
import { DomainError } from "~/domain/errors";
import { custodyHistory } from "~/domain/people.server";
import { CLOSURE_REASONS, referralStateLabel } from "~/domain/referral-states";
import { referralResource } from "~/domain/referrals.server";
import { episodeSummary } from "~/domain/worker-case.server";
import { requirePermission } from "~/server/auth.server";
import { requireCustodyCase } from "~/server/cases.server";
import { getDb } from "~/server/db.server";
import { formatDate, formatDateTime, isoToUkLocal } from "~/utils/dates";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Referral · Custody · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { signedIn, view } = await requireCustodyCase(args);
  const db = getDb();
  recordPersonViewed(db, signedIn.audit, view.person.id, { via: "arrest-referral", recordId: view.referral.id });
  const cancel = canCancel(db, view.referral, signedIn.user.id);
  return {
    referral: {
      id: view.referral.id,
      state: view.referral.state,
      createdAt: view.referral.createdAt,
      closureReason: view.referral.closureReason,
      releasedBeforeSeen: view.referral.releasedBeforeSeen,
    },
    episode: episodeSummary(view.episode),
    centreName: view.centreName,
    person: view.person,
    history: custodyHistory(db, view.person.id, view.referral.id),
    cancel: cancel.ok ? { windowMinutes: cancel.windowMinutes } : null,
    releasedAtDefault: isoToUkLocal(new Date().toISOString()),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { signedIn, view } = await requireCustodyCase(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const db = getDb();
  try {
    if (intent === "release") {
      await requirePermission(args, "custody:record-release", referralResource(db, view.referral));
      const form = parseForm(releaseSchema, formData);
      if (!form.ok) return data({ intent, errors: form.errors, values: form.values }, { status: 400 });
      recordRelease(db, signedIn.audit, view.referral.id, form.data.releasedAt);
    } else if (intent === "cancel") {
      const form = parseForm(cancelSchema, formData);
      if (!form.ok) return data({ intent, errors: form.errors, values: form.values }, { status: 400 });
      cancelReferral(db, signedIn.audit, view.referral.id, form.data.reason);
    } else {
      return data({ intent, errors: { form: "Choose what to do." }, values: {} }, { status: 400 });
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ intent, errors: { [error.field]: error.message }, values: {} }, { status: error.status });
  }
  throw redirect(
    `/custody/referrals/${view.referral.id}${intent === "release" ? "?released=1" : intent === "cancel" ? "?cancelled=1" : ""}`,
  );
}

export default function CustodyReferral() {
  const { referral, episode, centreName, person, history, cancel, releasedAtDefault } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errorsFor = (intent: string) =>
    actionData?.intent === intent ? (actionData.errors as Record<string, string>) : undefined;
  const isOpen = referral.state !== "closed";
  return (
    <>
      <p className="no-print mb-2">
        <Link to={`/custody/centres/${episode.custodyCentreId}`}>Back to {centreName}</Link>
      </p>
      <PageHeader
        title={`${person.givenName} ${person.familyName}`}
        lead={`Custody reference ${episode.custodyReference} · ${centreName}`}
      />
      {searchParams.get("released") && episode.releasedAt ? (
        <Notice tone="success">
          <p className="font-semibold">Release recorded at {formatDateTime(episode.releasedAt)}.</p>
          <p>
            {referral.releasedBeforeSeen
              ? "A worker had not seen them yet: the referral has moved to community follow-up."
              : "The referral worker can see that they have been released."}{" "}
            <Link to={`/custody/centres/${episode.custodyCentreId}`}>Back to {centreName}</Link>
          </p>
        </Notice>
      ) : null}
      {searchParams.get("cancelled") && referral.state === "closed" ? (
        <Notice tone="success">
          <p className="font-semibold">Referral cancelled. It stays on record as made in error.</p>
        </Notice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="referral-heading" className="card">
          <h2 id="referral-heading" className="text-xl font-bold">
            Referral
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="font-semibold">State</dt>
            <dd>
              {referralStateLabel(referral.state, "custody")}
              {referral.closureReason
                ? ` (${CLOSURE_REASONS[referral.closureReason as keyof typeof CLOSURE_REASONS] ?? referral.closureReason})`
                : ""}
            </dd>
            <dt className="font-semibold">Made</dt>
            <dd>{formatDateTime(referral.createdAt)}</dd>
            <dt className="font-semibold">Date of birth</dt>
            <dd>{formatDate(person.dateOfBirth)}</dd>
            <dt className="font-semibold">Arrived</dt>
            <dd>{formatDateTime(episode.arrivedAt)}</dd>
            <dt className="font-semibold">Released</dt>
            <dd>{episode.releasedAt ? formatDateTime(episode.releasedAt) : "Still in custody"}</dd>
            <dt className="font-semibold">Needs disclosed</dt>
            <dd>
              {[...episode.disclosedNeeds.map((n) => needLabels[n]), episode.disclosedOther]
                .filter(Boolean)
                .join(", ") || "None recorded"}
            </dd>
            {episode.safetyNotes ? (
              <>
                <dt className="font-semibold">Safety</dt>
                <dd>{episode.safetyNotes}</dd>
              </>
            ) : null}
          </dl>
        </section>

        <section aria-labelledby="history-heading" className="card">
          <h2 id="history-heading" className="text-xl font-bold">
            Earlier referrals
          </h2>
          <HistorySummary history={history} />
        </section>

        {isOpen && !episode.releasedAt ? (
          <section aria-labelledby="release-heading" className="card">
            <h2 id="release-heading" className="text-xl font-bold">
              Record release
            </h2>
            <p className="mt-1 text-slate-700">
              If a worker has not seen them yet, the referral moves to community follow-up.
            </p>
            <ErrorSummary errors={errorsFor("release")} labels={{ releasedAt: "Release time" }} />
            <Form method="post" className="mt-3 space-y-4">
              <TextField
                name="releasedAt"
                label="Release time"
                type="datetime-local"
                defaultValue={releasedAtDefault}
                error={errorsFor("release")?.releasedAt}
              />
              <SubmitButton name="intent" value="release" pendingText="Saving…">
                Record release
              </SubmitButton>
            </Form>
          </section>
        ) : null}

        {cancel ? (
          <section aria-labelledby="cancel-heading" className="card">
            <h2 id="cancel-heading" className="text-xl font-bold">
              Made in error?
            </h2>
            <p className="mt-1 text-slate-700">
              You can cancel a referral you made within {cancel.windowMinutes} minutes. Nothing is deleted: it is closed
              and the reason kept.
            </p>
            <ErrorSummary errors={errorsFor("cancel")} labels={{ reason: "Reason" }} />
            <Form method="post" className="mt-3 space-y-4">
              <TextField name="reason" label="Why was it made in error?" error={errorsFor("cancel")?.reason} />
              <SubmitButton name="intent" value="cancel" className="button-danger" pendingText="Cancelling…">
                Cancel this referral
              </SubmitButton>
            </Form>
          </section>
        ) : null}
        {referral.state === "closed" ? <Notice>This referral is closed.</Notice> : null}
      </div>
    </>
  );
}
