import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "#db/schema";
import { AdminPage } from "~/components/admin/admin-page";
import { UserStatus } from "~/components/admin/user-status";
import { SelectField, TextField } from "~/components/forms";
import { EmptyState } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { roleLabels } from "~/domain/permissions";
import { listOrganisationChoices, listUsers } from "~/domain/users.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "People · Administration · Pathway" }];

const filterSchema = z.object({
  organisationId: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(["active", "deactivated", "invited"]).optional().catch(undefined),
  search: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const filter = filterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return {
    users: listUsers(db, filter),
    organisations: listOrganisationChoices(db),
    filter,
    now: new Date().toISOString(),
  };
}

export default function Users() {
  const { users, organisations, filter, now } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="People using Pathway"
      actions={
        <Link to="/admin/users/new" className="button">
          Invite someone
        </Link>
      }
    >
      <Form
        method="get"
        className="card mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
        role="search"
        aria-label="Filter people"
      >
        <TextField name="search" label="Name or email" defaultValue={filter.search} className="lg:col-span-1" />
        <SelectField
          name="organisationId"
          label="Organisation"
          placeholder="All"
          defaultValue={filter.organisationId}
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <SelectField
          name="role"
          label="Role"
          placeholder="All"
          defaultValue={filter.role}
          options={ROLES.map((r) => ({ value: r, label: roleLabels[r] }))}
        />
        <SelectField
          name="status"
          label="Status"
          placeholder="All"
          defaultValue={filter.status}
          options={[
            { value: "active", label: "Active" },
            { value: "invited", label: "Invited" },
            { value: "deactivated", label: "Deactivated" },
          ]}
        />
        <div>
          <button type="submit" className="button-secondary">
            Show
          </button>
        </div>
      </Form>
      {users.length ? (
        <ScrollsSideways label="People using Pathway" className="card">
          <table className="table min-w-[40rem]">
            <caption className="sr-only">People using Pathway</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col">Last signed in</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                    <span className="block break-words text-sm text-slate-700">{u.email}</span>
                  </td>
                  <td>{roleLabels[u.role]}</td>
                  <td>{u.organisationName}</td>
                  <td>
                    <UserStatus user={u} now={now} />
                  </td>
                  <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollsSideways>
      ) : (
        <EmptyState title="Nobody matches these filters">Change the filters, or invite someone.</EmptyState>
      )}
    </AdminPage>
  );
}
