import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ORGANISATION_KINDS } from "#db/schema";
import { AdminPage, StatusBadge } from "~/components/admin/admin-page";
import { SelectField } from "~/components/forms";
import { EmptyState } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { organisationKindLabels } from "~/domain/organisations";
import { listOrganisationsWithCounts } from "~/domain/organisations.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Organisations · Administration · Pathway" }];

const filterSchema = z.object({ kind: z.enum(ORGANISATION_KINDS).optional().catch(undefined) });

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const filter = filterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return { organisations: listOrganisationsWithCounts(getDb(), filter), filter };
}

export default function Organisations() {
  const { organisations, filter } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Organisations"
      lead="Organisations are deactivated, never deleted: their records stay."
      actions={
        <Link to="/admin/organisations/new" className="button">
          Add an organisation
        </Link>
      }
    >
      <Form
        method="get"
        className="card mb-6 flex flex-wrap items-end gap-4"
        role="search"
        aria-label="Filter organisations"
      >
        <SelectField
          name="kind"
          label="Kind"
          placeholder="All kinds"
          defaultValue={filter.kind}
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: organisationKindLabels[k] }))}
        />
        <button type="submit" className="button-secondary">
          Show
        </button>
      </Form>
      {organisations.length ? (
        <ScrollsSideways label="Organisations" className="card">
          <table className="table min-w-[40rem]">
            <caption className="sr-only">Organisations</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">People using Pathway</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/admin/organisations/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{organisationKindLabels[o.kind]}</td>
                  <td>{o.userCount}</td>
                  <td>
                    {o.isActive ? (
                      <StatusBadge tone="green">Active</StatusBadge>
                    ) : (
                      <StatusBadge tone="grey">Deactivated</StatusBadge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollsSideways>
      ) : (
        <EmptyState title="No organisations of this kind">
          <Link to="/admin/organisations/new">Add one</Link>, or show all kinds.
        </EmptyState>
      )}
    </AdminPage>
  );
}
