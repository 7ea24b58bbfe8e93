// Search for a case by the person or a reference, for workers, custody and services. The terms
// travel in the POST body so they never reach the address bar, history or request logs; any
// that arrive in a URL are dropped.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ErrorSummary, fieldId, SubmitButton, TextField } from "~/components/forms";
import { EmptyState, PageHeader } from "~/components/page";
import { SEARCH_LIMIT, searchSchema } from "~/domain/search";
import { searchCases, type SearchHit } from "~/domain/search.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate } from "~/utils/dates";
import { parseForm, type FieldErrors, type FormValues } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Search · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "person:view");
  if (new URL(args.request.url).search) throw redirect("/search");
  return null;
}

type ActionResult = { values: FormValues; errors?: FieldErrors; hits?: SearchHit[] };

export async function action(args: ActionFunctionArgs) {
  const { actor, audit } = await requirePermission(args, "person:view");
  const form = parseForm(searchSchema, await args.request.formData());
  if (!form.ok) return data<ActionResult>({ values: form.values, errors: form.errors }, { status: 400 });
  return data<ActionResult>({ values: form.values, hits: searchCases(getDb(), actor, audit, form.data) });
}

const errorLabels = { name: "Name", dateOfBirth: "Date of birth" };

export default function Search() {
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  const errors = result?.errors;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return (
    <>
      <PageHeader
        title="Search"
        lead="Find a case by the person’s name, date of birth, custody reference or Pathway reference. Only cases within your reach are found."
      />
      <ErrorSummary errors={errors} labels={errorLabels} />
      <Form method="post" className="card mb-6 grid gap-4 md:grid-cols-2" role="search" aria-label="Search for a case">
        <TextField
          name="name"
          label="Name"
          hint="Given name, family name or both"
          defaultValue={text("name")}
          error={errors?.name}
          autoComplete="off"
          spellCheck={false}
        />
        <fieldset aria-describedby={errors?.dateOfBirth ? "dob-hint dob-error" : "dob-hint"}>
          <legend className="font-semibold">Date of birth</legend>
          <p id="dob-hint" className="text-sm text-slate-700">
            For example, 1 12 1979
          </p>
          {errors?.dateOfBirth ? (
            <p id="dob-error" className="mt-1 font-semibold text-red-800">
              <span className="sr-only">Error: </span>
              {errors.dateOfBirth}
            </p>
          ) : null}
          <div className="mt-1 flex gap-3">
            {(
              [
                ["dobDay", "Day", "w-16", 2],
                ["dobMonth", "Month", "w-16", 2],
                ["dobYear", "Year", "w-24", 4],
              ] as const
            ).map(([name, label, width, maxLength]) => (
              <div key={name}>
                <label htmlFor={name === "dobDay" ? fieldId("dateOfBirth") : `search-${name}`} className="block">
                  {label}
                </label>
                <input
                  id={name === "dobDay" ? fieldId("dateOfBirth") : `search-${name}`}
                  name={name}
                  inputMode="numeric"
                  maxLength={maxLength}
                  autoComplete="off"
                  defaultValue={text(name)}
                  aria-invalid={errors?.dateOfBirth ? true : undefined}
                  className={`input mt-1 ${width}`}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <TextField
          name="custodyReference"
          label="Custody reference"
          defaultValue={text("custodyReference")}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          name="pathwayReference"
          label="Pathway reference"
          hint="As on the referral’s page or the outcome template"
          defaultValue={text("pathwayReference")}
          autoComplete="off"
          spellCheck={false}
        />
        <div>
          <SubmitButton>Search</SubmitButton>
        </div>
      </Form>

      {result?.hits ? (
        result.hits.length ? (
          <section aria-labelledby="results-heading">
            <h2 id="results-heading" className="mb-3 text-xl font-bold" aria-live="polite">
              {result.hits.length === SEARCH_LIMIT
                ? `The ${SEARCH_LIMIT} newest matches: add a term to narrow them`
                : `${result.hits.length} ${result.hits.length === 1 ? "match" : "matches"}`}
            </h2>
            <ul className="space-y-3">
              {result.hits.map((hit) => (
                <li key={hit.key} className="card">
                  <p className="flex flex-wrap items-center gap-2">
                    <Link to={hit.link} className="text-lg font-semibold">
                      {hit.givenName} {hit.familyName}
                    </Link>
                    <span className="badge bg-slate-200">{hit.status}</span>
                  </p>
                  <p className="text-sm text-slate-700">
                    Born {formatDate(hit.dateOfBirth)} · {hit.where} · referred {formatDate(hit.createdAt)}
                    {hit.custodyReference ? (
                      <>
                        {" "}
                        · custody reference <span className="font-mono">{hit.custodyReference}</span>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <div aria-live="polite">
            <EmptyState title="No one within your reach matches">
              Check the spelling, or search by a reference instead.
            </EmptyState>
          </div>
        )
      ) : null}
    </>
  );
}
