import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { NEED_DOMAINS } from "#db/schema";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { EmptyState, Notice, PageHeader } from "~/components/page";
import { domainsNeedingReferral, needLevelLabels } from "~/domain/assessments";
import { latestCompletedAssessment, readAnswers } from "~/domain/assessments.server";
import { currentConsentWording } from "~/domain/consents.server";
import { needLabels } from "~/domain/custody";
import { DomainError } from "~/domain/errors";
import { onwardStatusLabels, serviceKindLabels } from "~/domain/onward-referral-states";
import {
  referralLocalAuthority,
  createOnwardReferral,
  listLocalAuthorities,
  listOnwardReferralsMade,
  onwardReferralSchema,
  servicesForNeeds,
} from "~/domain/onward-referrals.server";
import { requireWorkerCase } from "~/server/cases.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Refer to a service · Pathway" }];

const filterSchema = z.object({
  area: z.string().max(64).optional().catch(undefined),
  all: z.literal("1").optional().catch(undefined),
  need: z.enum(NEED_DOMAINS).optional().catch(undefined),
  service: z.string().max(64).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const { view } = await requireWorkerCase(args);
  const db = getDb();
  const filters = filterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const assessment = latestCompletedAssessment(db, view.referral.id);
  const answers = readAnswers(assessment);
  const needs = assessment ? domainsNeedingReferral(answers) : [];
  const localAuthorityId = filters.area ?? referralLocalAuthority(db, view.referral);
  const shownNeeds = filters.need ? [filters.need] : needs;
  const services = servicesForNeeds(db, { needs: shownNeeds, localAuthorityId, showAllAreas: filters.all === "1" });
  const chosen = filters.service
    ? servicesForNeeds(db, { needs: [...NEED_DOMAINS], localAuthorityId, showAllAreas: true }).find(
        (s) => s.id === filters.service,
      )
    : undefined;
  return {
    referralId: view.referral.id,
    personName: `${view.person.givenName} ${view.person.familyName}`,
    hasCompletedAssessment: Boolean(assessment),
    needs: needs.map((n) => ({ domain: n, level: answers[n].level! })),
    localAuthorities: listLocalAuthorities(db),
    localAuthorityId,
    services,
    chosen: chosen ?? null,
    made: listOnwardReferralsMade(db, view.referral.id),
    shareWording: currentConsentWording(db, "share_assessment_with_service")!.text,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { signedIn, view } = await requireWorkerCase(args);
  const form = parseForm(onwardReferralSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    createOnwardReferral(getDb(), signedIn.audit, view.referral.id, form.data);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { [error.field]: error.message }, values: form.values }, { status: error.status });
  }
  throw redirect(`/worker/referrals/${view.referral.id}/onward?referred=${form.data.serviceId}`);
}

const fieldLabels = {
  serviceId: "Service",
  needDomain: "Need",
  sharedDomains: "Sections to share",
  consentConfirmed: "Consent",
  outOfAreaReason: "Out of area",
};

export default function OnwardReferral() {
  const loaderData = useLoaderData<typeof loader>();
  const {
    referralId,
    personName,
    hasCompletedAssessment,
    needs,
    localAuthorities,
    localAuthorityId,
    services,
    chosen,
    made,
    shareWording,
  } = loaderData;
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const justReferredTo = !chosen
    ? (services.find((s) => s.id === searchParams.get("referred"))?.name ??
      (searchParams.get("referred") ? "the service" : null))
    : null;
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = actionData?.values ?? {};

  return (
    <>
      <p className="mb-2">
        <Link to={`/worker/referrals/${referralId}`}>Back to {personName}</Link>
      </p>
      <PageHeader title={`Refer ${personName} to a service`} />
      {justReferredTo ? (
        <Notice tone="success">
          <p className="font-semibold">Referral to {justReferredTo} sent. The service has been told.</p>
          <p>
            Refer to another service below, or{" "}
            <Link to={`/worker/referrals/${referralId}/card`}>print the release card</Link>.
          </p>
        </Notice>
      ) : null}
      {!hasCompletedAssessment ? (
        <EmptyState title="Complete the needs assessment first">
          <Link to={`/worker/referrals/${referralId}/assessment`}>Go to the assessment</Link>
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="space-y-6">
            {chosen ? (
              <section aria-labelledby="form-heading" className="card">
                <h2 id="form-heading" className="text-xl font-bold">
                  Refer to {chosen.name}
                </h2>
                {!chosen.coversArea ? (
                  <p className="mt-2 rounded-md border-l-8 border-amber-600 bg-amber-50 p-3">
                    This service does not cover the person’s area. You can still refer, with a reason.
                  </p>
                ) : null}
                {!chosen.isTakingReferrals ? (
                  <p className="mt-2 rounded-md border-l-8 border-amber-600 bg-amber-50 p-3">
                    This service says it is not taking referrals at the moment.
                  </p>
                ) : null}
                <ErrorSummary errors={errors} labels={fieldLabels} />
                <Form method="post" className="mt-4 space-y-5" noValidate>
                  <input type="hidden" name="serviceId" value={chosen.id} />
                  <SelectField
                    name="needDomain"
                    label="The need this referral answers"
                    options={(needs.length ? needs.map((n) => n.domain) : NEED_DOMAINS).map((d) => ({
                      value: d,
                      label: needLabels[d],
                    }))}
                    defaultValue={values.needDomain ?? searchParams.get("need") ?? needs[0]?.domain}
                    error={errors.needDomain}
                  />
                  <ChoiceGroup
                    name="priority"
                    type="radio"
                    inline
                    legend="Priority"
                    options={[
                      { value: "routine", label: "Routine" },
                      { value: "urgent", label: "Urgent" },
                    ]}
                    defaultValue={values.priority ?? "routine"}
                  />
                  <TextField
                    name="note"
                    label="Note for the service (optional)"
                    multiline
                    rows={3}
                    defaultValue={values.note}
                    error={errors.note}
                  />
                  {!chosen.coversArea ? (
                    <TextField
                      name="outOfAreaReason"
                      label="Why refer outside the person’s area?"
                      defaultValue={values.outOfAreaReason}
                      error={errors.outOfAreaReason}
                    />
                  ) : null}
                  <section
                    aria-labelledby="share-heading"
                    className="rounded-md border-2 border-brand-700 bg-brand-50 p-4"
                  >
                    <h3 id="share-heading" className="text-lg font-bold">
                      What the person agrees to share with {chosen.name}
                    </h3>
                    <blockquote className="mt-2 border-l-4 border-brand-700 bg-white p-3">{shareWording}</blockquote>
                    <ChoiceGroup
                      className="mt-3"
                      name="sharedDomains"
                      type="checkbox"
                      inline
                      legend="Assessment sections to share"
                      options={NEED_DOMAINS.map((d) => ({ value: d, label: needLabels[d] }))}
                      defaultValue={values.sharedDomains ?? needs.map((n) => n.domain)}
                      error={errors.sharedDomains}
                    />
                    <label className="mt-3 flex items-start gap-3 font-semibold">
                      <input
                        type="checkbox"
                        name="consentConfirmed"
                        value="yes"
                        defaultChecked={values.consentConfirmed === "yes"}
                        className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
                      />
                      The person agreed to share these sections with this service
                    </label>
                    {errors.consentConfirmed ? (
                      <p className="mt-1 font-semibold text-red-800">{errors.consentConfirmed}</p>
                    ) : null}
                  </section>
                  <SubmitButton pendingText="Sending…">Send referral</SubmitButton>
                </Form>
              </section>
            ) : null}

            <section aria-labelledby="directory-heading" className="card">
              <h2 id="directory-heading" className="text-xl font-bold">
                Services for{" "}
                {needs.length ? needs.map((n) => needLabels[n.domain].toLowerCase()).join(", ") : "the person’s needs"}
              </h2>
              <Form method="get" className="mt-3 flex flex-wrap items-end gap-3">
                <SelectField
                  name="area"
                  label="Area"
                  options={localAuthorities.map((a) => ({ value: a.id, label: a.name }))}
                  defaultValue={localAuthorityId}
                />
                <label className="flex items-center gap-2 pb-2">
                  <input
                    type="checkbox"
                    name="all"
                    value="1"
                    defaultChecked={searchParams.get("all") === "1"}
                    className="h-5 w-5 accent-brand-700"
                  />
                  Include services outside this area
                </label>
                <button type="submit" className="button-secondary">
                  Show services
                </button>
              </Form>
              {services.length ? (
                <ul className="mt-4 space-y-3">
                  {services.map((s) => (
                    <li key={s.id} className="rounded-md border border-slate-300 p-3">
                      <h3 className="font-bold">{s.name}</h3>
                      <p className="text-sm text-slate-700">
                        {serviceKindLabels[s.kind]} · {s.organisationName}
                      </p>
                      <p className="mt-1 text-sm">{s.description}</p>
                      <p className="mt-1 text-sm">
                        {s.isTakingReferrals ? "Taking referrals" : <strong>Not taking referrals now</strong>}
                        {s.typicalWaitDays !== null
                          ? ` · typical wait ${s.typicalWaitDays === 0 ? "none" : `${s.typicalWaitDays} days`}`
                          : ""}
                        {!s.coversArea ? " · outside the area" : ""}
                      </p>
                      <Link
                        to={`?${new URLSearchParams({ ...Object.fromEntries(searchParams), service: s.id })}`}
                        className="button-secondary mt-2"
                        aria-label={`Refer to ${s.name}`}
                      >
                        Refer to this service
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState title="No services match">
                  Try another area, or include services outside the area.
                </EmptyState>
              )}
            </section>
          </div>

          <aside className="space-y-6">
            <section aria-labelledby="needs-heading" className="card">
              <h2 id="needs-heading" className="text-xl font-bold">
                Needs at medium or high
              </h2>
              {needs.length ? (
                <ul className="mt-2 list-disc pl-5">
                  {needs.map((n) => (
                    <li key={n.domain}>
                      {needLabels[n.domain]}: {needLevelLabels[n.level]}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2">None at medium or high.</p>
              )}
            </section>
            <section aria-labelledby="made-heading" className="card">
              <h2 id="made-heading" className="text-xl font-bold">
                Referred so far
              </h2>
              {made.length ? (
                <ul className="mt-2 space-y-1">
                  {made.map((m) => (
                    <li key={m.id}>
                      {m.serviceName}: {onwardStatusLabels[m.status]}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2">No onward referrals yet.</p>
              )}
            </section>
          </aside>
        </div>
      )}
    </>
  );
}
