import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminPage } from "~/components/admin/admin-page";
import { ErrorSummary, TextField } from "~/components/forms";
import { EmptyState } from "~/components/page";
import { findPersonSummary, searchPeopleForSubjectAccess } from "~/domain/subject-access.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate } from "~/utils/dates";
import { errorsFromZod } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Subject access · Administration · Pathway" }];

const searchSchema = z.object({
  givenName: z.string().trim().max(100).optional(),
  familyName: z.string().trim().min(1, "Enter their family name").max(100),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter their date of birth"),
});

export async function loader(args: LoaderFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const db = getDb();
  const params = new URL(args.request.url).searchParams;
  const personId = params.get("personId")?.trim();
  if (params.has("personId")) {
    if (!personId)
      return { errors: { personId: "Enter the person record id" }, values: { personId: "" }, matches: null };
    if (findPersonSummary(db, personId)) throw redirect(`/admin/subject-access/${encodeURIComponent(personId)}`);
    return {
      errors: { personId: "No person has this record id. Check it, or search by name and date of birth." },
      values: { personId },
      matches: null,
    };
  }
  if (params.has("familyName")) {
    const values = Object.fromEntries(params);
    const search = searchSchema.safeParse(values);
    if (!search.success) return { errors: errorsFromZod(search.error), values, matches: null };
    return { errors: null, values, matches: searchPeopleForSubjectAccess(db, audit, search.data) };
  }
  return { errors: null, values: {} as Record<string, string>, matches: null };
}

export default function SubjectAccess() {
  const { errors, values, matches } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Subject access"
      lead="A person may ask for everything Pathway holds about them (UK GDPR, article 15). Find their record, then give them the file or the printed page."
    >
      <ErrorSummary
        errors={errors}
        labels={{ personId: "Person record id", familyName: "Family name", dateOfBirth: "Date of birth" }}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="by-id-heading" className="card">
          <h2 id="by-id-heading" className="text-xl font-bold">
            By person record id
          </h2>
          <Form method="get" className="mt-3 space-y-4" noValidate>
            <TextField
              name="personId"
              label="Person record id"
              hint="Shown in the audit log and on records."
              defaultValue={values.personId}
              error={errors && "personId" in errors ? errors.personId : undefined}
              spellCheck={false}
            />
            <button type="submit" className="button">
              Open their record
            </button>
          </Form>
        </section>
        <section aria-labelledby="by-name-heading" className="card">
          <h2 id="by-name-heading" className="text-xl font-bold">
            By name and date of birth
          </h2>
          <Form method="get" className="mt-3 space-y-4" noValidate>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                name="givenName"
                label="Given name (optional)"
                defaultValue={values.givenName}
                autoComplete="off"
              />
              <TextField
                name="familyName"
                label="Family name"
                defaultValue={values.familyName}
                error={errors && "familyName" in errors ? errors.familyName : undefined}
                autoComplete="off"
              />
            </div>
            <TextField
              name="dateOfBirth"
              label="Date of birth"
              type="date"
              defaultValue={values.dateOfBirth}
              error={errors && "dateOfBirth" in errors ? errors.dateOfBirth : undefined}
            />
            <button type="submit" className="button-secondary">
              Search
            </button>
          </Form>
        </section>
      </div>
      {matches ? (
        <section aria-labelledby="matches-heading" className="card mt-6">
          <h2 id="matches-heading" className="text-xl font-bold">
            Possible matches
          </h2>
          {matches.length ? (
            <ul className="mt-3 space-y-2">
              {matches.map((m) => (
                <li key={m.personId}>
                  <Link to={`/admin/subject-access/${m.personId}`}>
                    {m.givenName} {m.familyName}
                  </Link>{" "}
                  · born {formatDate(m.dateOfBirth)} · {m.referralCount}{" "}
                  {m.referralCount === 1 ? "referral" : "referrals"} · {m.strength} match
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="Nobody matches">
              Pathway may hold nothing about this person. Check the spelling and the date of birth.
            </EmptyState>
          )}
        </section>
      ) : null}
    </AdminPage>
  );
}
