// The public self-referral page: phone first, plain words, one column on a phone, and plain HTML
// forms that work without JavaScript. Every word comes from app/domain/self-referral-text.ts.
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import {
  CONTACT_TIMES,
  LANGUAGES,
  SELF_REFERRAL_NEEDS,
  fill,
  languageTags,
  pageText,
  type Language,
  type PageText,
} from "~/domain/self-referral-text";
import type { PageState } from "~/server/self-referral-page.server";
import type { ReactNode } from "react";

type LoaderData = {
  language: { lang: string; dir: "ltr" | "rtl"; code: Language };
  notFound: boolean;
  campaignCode: string | null;
  provider: { name: string; phone: { display: string; href: string } | null } | null;
  areas: { id: string; name: string }[];
};

const inputId = (name: string) => `sr-${name}`;

export function SelfReferralPage() {
  const page = useLoaderData() as unknown as LoaderData;
  const state = (useActionData() as PageState | undefined) ?? { kind: "form" as const };
  const { pathname } = useLocation();
  const code = page.language.code;
  const t = pageText[code];
  const providerName = page.provider?.name ?? t.serviceName;
  const f = (text: string) => fill(text, { provider: providerName });
  const action = `${pathname}?lang=${code}`;

  return (
    <>
      <a
        href="#main-content"
        className="sr-only z-50 bg-amber-300 px-4 py-2 font-semibold text-slate-900 focus:not-sr-only focus:absolute focus:start-2 focus:top-2"
      >
        {t.skipLink}
      </a>
      <header className="bg-brand-800 text-white">
        <div className="mx-auto flex max-w-2xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <p className="text-xl font-bold">{providerName}</p>
          <nav aria-label={t.languageNavigation}>
            <ul className="flex flex-wrap gap-3">
              {LANGUAGES.map((l) => (
                <li key={l}>
                  <a
                    href={`${pathname}?lang=${l}`}
                    lang={languageTags[l].lang}
                    hrefLang={languageTags[l].lang}
                    aria-current={l === code ? "true" : undefined}
                    className={`text-white hover:text-white ${l === code ? "font-bold no-underline" : ""}`}
                  >
                    {languageTags[l].name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main-content" tabIndex={-1} className="mx-auto max-w-2xl px-4 py-6 text-lg focus:outline-none">
        {page.notFound ? (
          <>
            <h1 className="page-title">{t.notFoundTitle}</h1>
            <p className="mt-3">{t.notFoundText}</p>
            <p className="mt-3">
              <a href={`/help?lang=${code}`} className="button">
                {t.notFoundLink}
              </a>
            </p>
            <CallBox t={t} page={page} providerName={providerName} />
          </>
        ) : state.kind === "sent" ? (
          <>
            <div role="status" className="rounded-md border-s-8 border-green-700 bg-green-50 p-4">
              <h1 className="page-title">{t.thanksTitle}</h1>
              <p className="mt-3">{fill(t.thanksText, { provider: state.provider.name || providerName })}</p>
            </div>
            {state.provider.phone ? (
              <p className="mt-4">
                {t.thanksSooner}{" "}
                <a href={state.provider.phone.href} className="font-bold" dir="ltr">
                  {state.provider.phone.display}
                </a>
              </p>
            ) : null}
            <p className="mt-4">{t.emergency}</p>
          </>
        ) : state.kind === "too-many" ? (
          <>
            <h1 className="page-title">{t.tooManyTitle}</h1>
            <p className="mt-3">{t.tooManyText}</p>
            <CallBox t={t} page={page} providerName={providerName} />
          </>
        ) : (
          <>
            <h1 className="page-title">{t.heading}</h1>
            <p className="mt-2 text-slate-700">{t.lead}</p>
            <CallBox t={t} page={page} providerName={providerName} />

            <Section title={t.whoHeading}>{f(t.whoText)}</Section>
            <Section title={t.nextHeading}>{t.nextText}</Section>
            <Section title={t.keepHeading}>{t.keepText}</Section>

            <ReferralForm t={t} page={page} state={state} action={action} f={f} />

            {page.campaignCode ? <StopForm t={t} state={state} action={action} /> : null}
          </>
        )}
        <p className="mt-10 border-t border-slate-300 pt-4 text-base text-slate-700">{t.privacyLine}</p>
      </main>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mt-6">
      <h2 className="text-xl font-bold">{title}</h2>
      <p className="mt-1">{children}</p>
    </section>
  );
}

function CallBox({ t, page, providerName }: { t: PageText; page: LoaderData; providerName: string }) {
  const phone = page.provider?.phone;
  return (
    <section aria-labelledby="call-heading" className="mt-5 rounded-lg border-2 border-brand-700 bg-white p-4">
      <h2 id="call-heading" className="text-xl font-bold">
        {t.callHeading}
      </h2>
      {phone ? (
        <p className="mt-2">
          {fill(t.callText, { provider: providerName })}{" "}
          <a href={phone.href} className="whitespace-nowrap text-2xl font-bold" dir="ltr">
            {phone.display}
          </a>
        </p>
      ) : (
        <p className="mt-2">{fill(t.callNoPhone, { provider: providerName })}</p>
      )}
      <p className="mt-3 text-base">{t.emergency}</p>
    </section>
  );
}

function ErrorList({ t, errors }: { t: PageText; errors: Record<string, keyof PageText> }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div role="alert" aria-labelledby="sr-error-title" className="mb-6 rounded-md border-4 border-red-700 bg-white p-4">
      <h2 id="sr-error-title" className="text-lg font-bold text-red-800">
        {t.errorTitle}
      </h2>
      <ul className="mt-2 list-disc space-y-1 ps-5">
        {entries.map(([name, key]) => (
          <li key={name}>
            <a href={`#${inputId(name)}`} className="font-semibold text-red-800">
              {t[key] as string}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={`${id}-error`} className="mt-1 font-semibold text-red-800">
      {message}
    </p>
  ) : null;
}

function ReferralForm({
  t,
  page,
  state,
  action,
  f,
}: {
  t: PageText;
  page: LoaderData;
  state: PageState;
  action: string;
  f: (text: string) => string;
}) {
  const errors = state.kind === "form" ? (state.errors ?? {}) : {};
  const values = state.kind === "form" ? (state.values ?? {}) : {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const list = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
  };
  const message = (name: string) => (errors[name] ? (t[errors[name]] as string) : undefined);
  const invalid = (name: string) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${inputId(name)}-error` } : {};

  return (
    <section aria-labelledby="form-heading" className="mt-8">
      <h2 id="form-heading" className="text-2xl font-bold">
        {t.formHeading}
      </h2>
      <form method="post" action={action} className="mt-4 space-y-6" noValidate>
        <ErrorList t={t} errors={errors} />
        <input type="hidden" name="intent" value="refer" />

        <div>
          <label htmlFor={inputId("name")} className="block font-semibold">
            {t.nameLabel}
          </label>
          <p id={`${inputId("name")}-hint`} className="text-base text-slate-700">
            {t.nameHint}
          </p>
          <FieldError id={inputId("name")} message={message("name")} />
          <input
            id={inputId("name")}
            name="name"
            className="input mt-1 max-w-sm"
            autoComplete="given-name"
            defaultValue={text("name")}
            aria-describedby={`${inputId("name")}-hint${errors.name ? ` ${inputId("name")}-error` : ""}`}
            aria-invalid={errors.name ? true : undefined}
          />
        </div>

        <fieldset>
          <legend className="font-semibold">{t.contactLegend}</legend>
          <FieldError id={inputId("contactBy")} message={message("contactBy")} />
          <div className="mt-2 space-y-3">
            {(["phone", "email"] as const).map((by, i) => (
              <div key={by} className="flex items-center gap-3">
                <input
                  type="radio"
                  id={i === 0 ? inputId("contactBy") : inputId(`contactBy-${by}`)}
                  name="contactBy"
                  value={by}
                  defaultChecked={text("contactBy") === by}
                  className="h-6 w-6 shrink-0"
                />
                <label htmlFor={i === 0 ? inputId("contactBy") : inputId(`contactBy-${by}`)}>
                  {by === "phone" ? t.contactPhone : t.contactEmail}
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        <div>
          <label htmlFor={inputId("phone")} className="block font-semibold">
            {t.phoneLabel}
          </label>
          <p id={`${inputId("phone")}-hint`} className="text-base text-slate-700">
            {t.phoneHint}
          </p>
          <FieldError id={inputId("phone")} message={message("phone")} />
          <input
            id={inputId("phone")}
            name="phone"
            type="tel"
            dir="ltr"
            autoComplete="tel"
            className="input mt-1 max-w-xs"
            defaultValue={text("phone")}
            aria-describedby={`${inputId("phone")}-hint${errors.phone ? ` ${inputId("phone")}-error` : ""}`}
            aria-invalid={errors.phone ? true : undefined}
          />
          <div className="mt-3 flex items-center gap-3">
            <input
              type="checkbox"
              id={inputId("mayLeaveMessage")}
              name="mayLeaveMessage"
              value="yes"
              defaultChecked={text("mayLeaveMessage") === "yes"}
              className="h-6 w-6 shrink-0"
            />
            <label htmlFor={inputId("mayLeaveMessage")}>{t.leaveMessage}</label>
          </div>
        </div>

        <div>
          <label htmlFor={inputId("email")} className="block font-semibold">
            {t.emailLabel}
          </label>
          <FieldError id={inputId("email")} message={message("email")} />
          <input
            id={inputId("email")}
            name="email"
            type="email"
            dir="ltr"
            autoComplete="email"
            className="input mt-1 max-w-sm"
            defaultValue={text("email")}
            {...invalid("email")}
          />
        </div>

        <fieldset>
          <legend className="font-semibold">{t.timesLegend}</legend>
          <p className="text-base text-slate-700">{t.timesHint}</p>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {CONTACT_TIMES.map((time) => (
              <div key={time} className="flex items-center gap-3">
                <input
                  type="checkbox"
                  id={inputId(`time-${time}`)}
                  name="contactTimes"
                  value={time}
                  defaultChecked={list("contactTimes").includes(time)}
                  className="h-6 w-6 shrink-0"
                />
                <label htmlFor={inputId(`time-${time}`)}>{t.times[time]}</label>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend className="font-semibold">{t.needsLegend}</legend>
          <p className="text-base text-slate-700">{t.needsHint}</p>
          <div className="mt-2 space-y-3">
            {SELF_REFERRAL_NEEDS.map((need) => (
              <div key={need} className="flex items-center gap-3">
                <input
                  type="checkbox"
                  id={inputId(`need-${need}`)}
                  name="needs"
                  value={need}
                  defaultChecked={list("needs").includes(need)}
                  className="h-6 w-6 shrink-0"
                />
                <label htmlFor={inputId(`need-${need}`)}>{t.needs[need]}</label>
              </div>
            ))}
          </div>
        </fieldset>

        <div>
          <label htmlFor={inputId("otherNeeds")} className="block font-semibold">
            {t.otherLabel}
          </label>
          <FieldError id={inputId("otherNeeds")} message={message("otherNeeds")} />
          <textarea
            id={inputId("otherNeeds")}
            name="otherNeeds"
            rows={3}
            className="input mt-1"
            defaultValue={text("otherNeeds")}
            {...invalid("otherNeeds")}
          />
        </div>

        {page.areas.length ? (
          <div>
            <label htmlFor={inputId("areaId")} className="block font-semibold">
              {t.areaLabel}
            </label>
            <FieldError id={inputId("areaId")} message={message("areaId")} />
            <select
              id={inputId("areaId")}
              name="areaId"
              className="input mt-1 max-w-sm"
              defaultValue={text("areaId")}
              {...invalid("areaId")}
            >
              <option value="">{t.areaElsewhere}</option>
              {page.areas.map((area) => (
                <option key={area.id} value={area.id}>
                  {area.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}

        <fieldset>
          <legend className="font-semibold">{t.consentLegend}</legend>
          <p className="mt-1">{f(t.consentText)}</p>
          <FieldError id={inputId("consent")} message={message("consent")} />
          <div className="mt-2 flex items-center gap-3">
            <input
              type="checkbox"
              id={inputId("consent")}
              name="consent"
              value="yes"
              defaultChecked={text("consent") === "yes"}
              className="h-6 w-6 shrink-0"
              {...invalid("consent")}
            />
            <label htmlFor={inputId("consent")} className="font-semibold">
              {t.consentBox}
            </label>
          </div>
        </fieldset>

        {/* For programs that fill every field: people never see it, screen readers skip it. Clipped
            where it stands rather than pushed off to the left, which in Arabic (right to left)
            would widen the page by the distance pushed. */}
        <div aria-hidden="true" className="sr-only">
          <label htmlFor={inputId("website")}>{t.honeypotLabel}</label>
          <input id={inputId("website")} name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>

        <button type="submit" className="button text-lg">
          {t.send}
        </button>
      </form>
    </section>
  );
}

function StopForm({ t, state, action }: { t: PageText; state: PageState; action: string }) {
  return (
    <section aria-labelledby="stop-heading" className="mt-10 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="stop-heading" className="text-xl font-bold">
        {t.stopHeading}
      </h2>
      {state.kind === "stopped" ? (
        <p role="status" className="mt-2 font-semibold text-green-800">
          {t.stopDone}
        </p>
      ) : (
        <form method="post" action={action} className="mt-2" noValidate>
          <input type="hidden" name="intent" value="stop" />
          <p>{t.stopText}</p>
          <label htmlFor={inputId("stopPhone")} className="mt-3 block font-semibold">
            {t.stopLabel}
          </label>
          {state.kind === "stop-error" ? (
            <p id={`${inputId("stopPhone")}-error`} role="alert" className="mt-1 font-semibold text-red-800">
              {t[state.error] as string}
            </p>
          ) : null}
          <input
            id={inputId("stopPhone")}
            name="stopPhone"
            type="tel"
            dir="ltr"
            autoComplete="tel"
            className="input mt-1 max-w-xs"
            aria-invalid={state.kind === "stop-error" ? true : undefined}
            aria-describedby={state.kind === "stop-error" ? `${inputId("stopPhone")}-error` : undefined}
          />
          <button type="submit" className="button-secondary mt-3">
            {t.stopButton}
          </button>
        </form>
      )}
    </section>
  );
}
