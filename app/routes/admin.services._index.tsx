import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SERVICE_KINDS } from "#db/schema";
import { AdminPage, StatusBadge } from "~/components/admin/admin-page";
import { ChoiceGroup, SelectField, TextField } from "~/components/forms";
import { EmptyState } from "~/components/page";
import { isVerificationDue, VERIFY_EVERY_MONTHS } from "~/domain/directory";
import { listLocalAuthorities, listServicesForAdmin } from "~/domain/directory.server";
import { serviceKindLabels } from "~/domain/onward-referral-states";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Services · Administration · Pathway" }];

const filterSchema = z.object({
  kind: z.enum(SERVICE_KINDS).optional().catch(undefined),
  areaId: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  search: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  due: z.literal("1").optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const filter = filterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const now = new Date();
  return {
    services: listServicesForAdmin(db, { ...filter, verificationDue: filter.due === "1" }, now).map((s) => ({
      ...s,
      isDue: isVerificationDue(s.lastVerifiedAt, now),
    })),
    localAuthorities: listLocalAuthorities(db),
    filter,
  };
}

export default function Services() {
  const { services, localAuthorities, filter } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Service directory"
      lead={`Check each service's details at least every ${VERIFY_EVERY_MONTHS} months.`}
      actions={
        <>
          <Link to="/admin/services/new" className="button">
            Add a service
          </Link>
          <Link to="/admin/services/import" className="button-secondary">
            Import (Open Referral)
          </Link>
          <a href="/admin/services/export" className="button-secondary" download>
            Export (Open Referral)
          </a>
        </>
      }
    >
      <Form
        method="get"
        className="card mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
        role="search"
        aria-label="Filter services"
      >
        <TextField name="search" label="Name or provider" defaultValue={filter.search} />
        <SelectField
          name="kind"
          label="Kind"
          placeholder="All kinds"
          defaultValue={filter.kind}
          options={SERVICE_KINDS.map((k) => ({ value: k, label: serviceKindLabels[k] }))}
        />
        <SelectField
          name="areaId"
          label="Local authority"
          placeholder="All areas"
          defaultValue={filter.areaId}
          options={localAuthorities.map((a) => ({ value: a.id, label: a.name }))}
        />
        <ChoiceGroup
          name="due"
          type="checkbox"
          legend="Checking"
          options={[{ value: "1", label: "Due a check only" }]}
          defaultValue={filter.due}
        />
        <div>
          <button type="submit" className="button-secondary">
            Show
          </button>
        </div>
      </Form>
      {services.length ? (
        <div className="card overflow-x-auto">
          <table className="table min-w-[40rem]">
            <caption className="sr-only">Services</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Kind</th>
                <th scope="col">Areas</th>
                <th scope="col">Referrals</th>
                <th scope="col">Last verified</th>
                <th scope="col">Last edited</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/admin/services/${s.id}`}>{s.name}</Link>
                    <span className="block text-sm text-slate-700">
                      {s.organisationName}
                      {s.isOrganisationActive ? "" : " (deactivated)"}
                    </span>
                  </td>
                  <td>{serviceKindLabels[s.kind]}</td>
                  <td>{s.areas.map((a) => a.name).join(", ")}</td>
                  <td>
                    {s.isTakingReferrals ? (
                      <StatusBadge tone="green">Taking</StatusBadge>
                    ) : (
                      <StatusBadge tone="grey">Paused</StatusBadge>
                    )}
                  </td>
                  <td>
                    {s.lastVerifiedAt ? formatDate(s.lastVerifiedAt) : "Never"}
                    {s.isDue ? (
                      <span className="mt-1 block">
                        <StatusBadge tone="amber">Due a check</StatusBadge>
                      </span>
                    ) : null}
                  </td>
                  <td>{formatDate(s.updatedAt ?? s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title="No services match these filters">
          Change the filters, <Link to="/admin/services/new">add a service</Link> or{" "}
          <Link to="/admin/services/import">import a directory</Link>.
        </EmptyState>
      )}
    </AdminPage>
  );
}
