import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CONSENT_SCOPES } from "#db/schema";
import { AdminPage } from "~/components/admin/admin-page";
import { ChoiceGroup, ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { consentWordingSchema, providerThresholdSchema, settingsSchema } from "~/domain/admin-forms";
import { consentScopeLabels } from "~/domain/consents";
import { DomainError } from "~/domain/errors";
import {
  defaultProvider,
  referralProviderChoices,
  setDefaultSelfReferralProvider,
} from "~/domain/self-referrals.server";
import {
  addConsentWording,
  getAllSettings,
  listConsentWordings,
  listProviderThresholds,
  updateSettings,
  type ProviderThresholds,
} from "~/domain/settings.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";
import { errorsFromZod, formValues, parseForm, type FormValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Settings · Administration · Pathway" }];

const settingLabels: Record<string, string> = {
  acknowledgement_working_days: "Acknowledgement due within",
  feedback_overdue_days: "Feedback overdue after",
  referral_cancel_window_minutes: "Cancelling a referral made in error",
  retention_years: "Keep a person's records for",
  lockout_minutes: "Longest hold after failed sign-ins",
  inactive_account_days: "Flag accounts unused for",
};

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  return {
    settings: getAllSettings(db),
    providers: listProviderThresholds(db),
    wordings: listConsentWordings(db),
    selfReferral: { defaultProviderId: defaultProvider(db)?.id ?? "", choices: referralProviderChoices(db) },
  };
}

type ActionResult = { intent: string; errors: Record<string, string>; values: FormValues };

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const db = getDb();
  const values = formValues(formData);
  const fail = (errors: Record<string, string>, status = 400) =>
    data<ActionResult>({ intent, errors, values }, { status });
  try {
    if (intent === "self-referral-provider") {
      const chosen = typeof values.defaultProvider === "string" ? values.defaultProvider : "";
      setDefaultSelfReferralProvider(db, audit, chosen || null);
      throw redirect("/admin/settings?saved=self-referral#self-referral-heading");
    }
    if (intent === "wording") {
      const scope = String(values.scope ?? "");
      const form = consentWordingSchema.safeParse({ scope, text: values[`text-${scope}`] });
      if (!form.success)
        return fail({ [`text-${scope}`]: errorsFromZod(form.error).text ?? "Choose which consent the wording is for" });
      const { version } = addConsentWording(db, audit, form.data.scope, form.data.text);
      throw redirect(`/admin/settings?saved=wording&version=${version}#wording-${form.data.scope}`);
    }
    const form = parseForm(settingsSchema, formData);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    const providers: ProviderThresholds[] = [];
    for (const provider of listProviderThresholds(db)) {
      const parsed = providerThresholdSchema.safeParse({
        queueOverdueMinutes: values[`queue.${provider.organisationId}`],
        followUpAttemptLimit: values[`attempts.${provider.organisationId}`],
      });
      if (!parsed.success) {
        const issues = errorsFromZod(parsed.error);
        if (issues.queueOverdueMinutes)
          errors[`queue.${provider.organisationId}`] = `${provider.name}: ${issues.queueOverdueMinutes}`;
        if (issues.followUpAttemptLimit)
          errors[`attempts.${provider.organisationId}`] = `${provider.name}: ${issues.followUpAttemptLimit}`;
        continue;
      }
      providers.push({ organisationId: provider.organisationId, ...parsed.data });
    }
    if (!form.ok || Object.keys(errors).length) return fail(errors);
    updateSettings(db, audit, form.data, providers);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return fail({ [error.field]: error.message }, error.status);
  }
  throw redirect("/admin/settings?saved=settings");
}

export default function Settings() {
  const { settings, providers, wordings, selfReferral } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = !actionData ? searchParams.get("saved") : null;
  const settingsErrors =
    actionData?.intent !== "wording" && actionData?.intent !== "self-referral-provider"
      ? actionData?.errors
      : undefined;
  const selfReferralErrors = actionData?.intent === "self-referral-provider" ? actionData.errors : undefined;
  const wordingErrors = actionData?.intent === "wording" ? actionData.errors : undefined;
  const v = actionData?.intent !== "wording" ? actionData?.values : undefined;
  const value = (key: keyof typeof settings) => v?.[key] ?? String(settings[key]);
  const providerLabels = Object.fromEntries(
    providers.flatMap((p) => [
      [`queue.${p.organisationId}`, ""],
      [`attempts.${p.organisationId}`, ""],
    ]),
  );
  return (
    <AdminPage title="Settings">
      {saved === "settings" ? <Notice tone="success">The settings were saved.</Notice> : null}
      {saved === "wording" ? (
        <Notice tone="success">
          The new consent wording (version {searchParams.get("version")}) is what officers read from now on. Past
          consents keep the words they were given.
        </Notice>
      ) : null}
      <ErrorSummary errors={settingsErrors} labels={{ ...settingLabels, ...providerLabels }} />
      <Form method="post" className="space-y-6" noValidate>
        <section aria-labelledby="thresholds-heading" className="card space-y-5">
          <h2 id="thresholds-heading" className="text-xl font-bold">
            When things are overdue
          </h2>
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              name="acknowledgement_working_days"
              label="Acknowledgement due within (working days)"
              hint="A service should accept or decline an onward referral within this."
              inputMode="numeric"
              defaultValue={value("acknowledgement_working_days")}
              error={settingsErrors?.acknowledgement_working_days}
            />
            <TextField
              name="feedback_overdue_days"
              label="Feedback overdue after (days)"
              hint="With no outcome reported for this long, a referral counts as overdue."
              inputMode="numeric"
              defaultValue={value("feedback_overdue_days")}
              error={settingsErrors?.feedback_overdue_days}
            />
            <TextField
              name="referral_cancel_window_minutes"
              label="Cancelling a referral made in error (minutes)"
              hint="How long the officer who made a referral can cancel it."
              inputMode="numeric"
              defaultValue={value("referral_cancel_window_minutes")}
              error={settingsErrors?.referral_cancel_window_minutes}
            />
          </div>
          <fieldset>
            <legend className="font-semibold">Each arrest referral provider's queue and follow-up</legend>
            <p className="text-sm text-slate-700">
              Minutes a new referral may wait before it shows as overdue, and failed contact attempts before closing is
              suggested.
            </p>
            <div className="mt-3 space-y-4">
              {providers.map((p) => (
                <div
                  key={p.organisationId}
                  className="grid gap-4 rounded-md border border-slate-200 p-3 sm:grid-cols-2"
                >
                  <TextField
                    name={`queue.${p.organisationId}`}
                    label={`${p.name}: overdue after (minutes)`}
                    inputMode="numeric"
                    defaultValue={v?.[`queue.${p.organisationId}`] ?? String(p.queueOverdueMinutes)}
                    error={settingsErrors?.[`queue.${p.organisationId}`]}
                  />
                  <TextField
                    name={`attempts.${p.organisationId}`}
                    label={`${p.name}: contact attempts`}
                    inputMode="numeric"
                    defaultValue={v?.[`attempts.${p.organisationId}`] ?? String(p.followUpAttemptLimit)}
                    error={settingsErrors?.[`attempts.${p.organisationId}`]}
                  />
                </div>
              ))}
            </div>
          </fieldset>
        </section>

        <section aria-labelledby="retention-heading" className="card space-y-5">
          <h2 id="retention-heading" className="text-xl font-bold">
            Keeping records and accounts
          </h2>
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              name="retention_years"
              label="Keep a person's records for (years after their last activity)"
              hint="After this they are due to be anonymised."
              inputMode="numeric"
              defaultValue={value("retention_years")}
              error={settingsErrors?.retention_years}
            />
            <TextField
              name="inactive_account_days"
              label="Flag accounts unused for (days)"
              inputMode="numeric"
              defaultValue={value("inactive_account_days")}
              error={settingsErrors?.inactive_account_days}
            />
            <TextField
              name="lockout_minutes"
              label="Longest hold after repeated failed sign-ins (minutes)"
              hint="The fifth failure in a row holds an account for 1 minute; each further one doubles the hold, up to this."
              inputMode="numeric"
              defaultValue={value("lockout_minutes")}
              error={settingsErrors?.lockout_minutes}
            />
          </div>
          <ChoiceGroup
            name="require_two_factor_for_everyone"
            type="checkbox"
            legend="Two-factor sign-in"
            options={[{ value: "yes", label: "Everyone must use two-factor sign-in" }]}
            defaultValue={
              v ? v.require_two_factor_for_everyone : settings.require_two_factor_for_everyone ? "yes" : undefined
            }
          />
        </section>
        <SubmitButton name="intent" value="settings" pendingText="Saving…">
          Save settings
        </SubmitButton>
      </Form>

      <section aria-labelledby="self-referral-heading" className="card mt-10 space-y-3">
        <h2 id="self-referral-heading" className="text-xl font-bold">
          Self-referrals from anywhere else
        </h2>
        <p className="text-slate-700">
          People who ask for support at /help choose where they live; the provider covering that area answers. When they
          live somewhere no provider covers, or would rather not say, this provider answers.
        </p>
        {saved === "self-referral" ? <Notice tone="success">The provider was saved.</Notice> : null}
        <ErrorSummary errors={selfReferralErrors} labels={{ defaultProvider: "Provider" }} />
        <Form method="post" className="space-y-3" noValidate>
          <SelectField
            name="defaultProvider"
            label="Provider that answers"
            placeholder="Nobody: the page shows phone numbers only"
            options={selfReferral.choices.map((c) => ({ value: c.id, label: c.name }))}
            defaultValue={selfReferral.defaultProviderId}
            error={selfReferralErrors?.defaultProvider}
          />
          <SubmitButton name="intent" value="self-referral-provider" className="button-secondary" pendingText="Saving…">
            Save provider
          </SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="wording-heading" className="mt-10 space-y-6">
        <div>
          <h2 id="wording-heading" className="text-2xl font-bold">
            Consent wording
          </h2>
          <p className="mt-1 text-slate-700">
            What officers and workers read to a person before they agree. A change makes a new version; every consent
            keeps the version that was read.
          </p>
        </div>
        {CONSENT_SCOPES.map((scope) => {
          const versions = wordings.filter((w) => w.scope === scope);
          const current = versions[0];
          const errors = wordingErrors && actionData?.values.scope === scope ? wordingErrors : undefined;
          return (
            <article key={scope} id={`wording-${scope}`} aria-labelledby={`${scope}-heading`} className="card">
              <h3 id={`${scope}-heading`} className="text-lg font-bold">
                {consentScopeLabels[scope]}
              </h3>
              {current ? (
                <p className="mt-1 text-sm text-slate-700">
                  Version {current.version}, since {formatDateTime(current.createdAt)} · {current.consentCount}{" "}
                  {current.consentCount === 1 ? "consent" : "consents"} recorded with it
                </p>
              ) : (
                <p className="mt-1 text-slate-700">No wording yet.</p>
              )}
              <ErrorSummary errors={errors} labels={{ [`text-${scope}`]: "New wording" }} />
              <Form method="post" className="mt-3 space-y-3" noValidate>
                <input type="hidden" name="scope" value={scope} />
                <TextField
                  name={`text-${scope}`}
                  label={`Wording for version ${(current?.version ?? 0) + 1}`}
                  multiline
                  rows={4}
                  defaultValue={errors ? actionData?.values[`text-${scope}`] : current?.text}
                  error={errors?.[`text-${scope}`]}
                />
                <SubmitButton name="intent" value="wording" className="button-secondary" pendingText="Saving…">
                  Save as a new version
                </SubmitButton>
              </Form>
              {versions.length > 1 ? (
                <details className="mt-4">
                  <summary className="cursor-pointer font-semibold">Earlier versions</summary>
                  <ol className="mt-2 space-y-3">
                    {versions.slice(1).map((w) => (
                      <li key={w.id} className="border-l-4 border-slate-300 pl-3">
                        <p className="text-sm text-slate-700">
                          Version {w.version}, from {formatDateTime(w.createdAt)} · {w.consentCount}{" "}
                          {w.consentCount === 1 ? "consent" : "consents"}
                        </p>
                        <p>{w.text}</p>
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </article>
          );
        })}
      </section>
    </AdminPage>
  );
}
