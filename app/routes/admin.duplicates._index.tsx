import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage, StatusBadge } from "~/components/admin/admin-page";
import { EmptyState } from "~/components/page";
import { findLikelyDuplicates, listMerges } from "~/domain/person-merges.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Duplicate people · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "person:merge");
  const db = getDb();
  const pairs = findLikelyDuplicates(db).map((p) => ({
    reasons: p.reasons,
    people: [p.first, p.second].map((person) => ({
      id: person.id,
      name: `${person.givenName} ${person.familyName}`,
      dateOfBirth: person.dateOfBirth,
      firstRecordedAt: person.createdAt,
      newPersonReason: person.newPersonReason,
    })),
  }));
  return { pairs, merges: listMerges(db) };
}

export default function DuplicatePeople() {
  const { pairs, merges } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Duplicate people"
      lead="People recorded twice, as matching at booking sees them: the same identifier, the same name and date of birth, or one slip in a name with the same date. Check each pair before merging."
    >
      <section aria-labelledby="pairs-heading" className="card">
        <h2 id="pairs-heading" className="text-xl font-bold">
          Likely duplicates ({pairs.length})
        </h2>
        {pairs.length ? (
          <ul className="mt-3 divide-y divide-slate-200">
            {pairs.map(({ people: [first, second], reasons }) => (
              <li key={`${first.id}-${second.id}`} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div>
                  <p className="font-semibold">
                    {first.name} and {second.name}
                  </p>
                  <p className="text-sm text-slate-700">
                    Born {formatDate(first.dateOfBirth)}
                    {second.dateOfBirth !== first.dateOfBirth ? ` and ${formatDate(second.dateOfBirth)}` : ""} · first
                    recorded {formatDate(first.firstRecordedAt)} and {formatDate(second.firstRecordedAt)} ·{" "}
                    {reasons.join("; ")}
                  </p>
                  {second.newPersonReason ? (
                    <p className="text-sm text-slate-700">
                      Custody said the second was a new person: “{second.newPersonReason}”
                    </p>
                  ) : null}
                </div>
                <Link
                  className="button-secondary"
                  to={`/admin/duplicates/merge?keep=${encodeURIComponent(first.id)}&merge=${encodeURIComponent(second.id)}`}
                >
                  Check and merge
                  <span className="sr-only">
                    : {first.name} and {second.name}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No likely duplicates">
            Nobody in use is recorded twice as far as matching can tell.
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="merges-heading" className="card mt-6">
        <h2 id="merges-heading" className="text-xl font-bold">
          Merges made
        </h2>
        {merges.length ? (
          <ul className="mt-3 space-y-2">
            {merges.map((m) => (
              <li key={m.id}>
                <Link to={`/admin/duplicates/merges/${m.id}`}>
                  {m.mergedName} into {m.survivingName}
                </Link>{" "}
                · {formatDateTime(m.mergedAt)} {m.undoneAt ? <StatusBadge tone="grey">Undone</StatusBadge> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-slate-700">No merges yet.</p>
        )}
      </section>
    </AdminPage>
  );
}
