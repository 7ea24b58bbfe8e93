import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage, StatusBadge } from "~/components/admin/admin-page";
import { EmptyState } from "~/components/page";
import { listCentresForAdmin } from "~/domain/centres.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Custody centres · Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return { centres: listCentresForAdmin(getDb()) };
}

export default function Centres() {
  const { centres } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Custody centres"
      actions={
        <Link to="/admin/centres/new" className="button">
          Add a custody centre
        </Link>
      }
    >
      {centres.length ? (
        <div className="card overflow-x-auto">
          <table className="table min-w-[40rem]">
            <caption className="sr-only">Custody centres</caption>
            <thead>
              <tr>
                <th scope="col">Centre</th>
                <th scope="col">Division</th>
                <th scope="col">Local authority</th>
                <th scope="col">Reference like</th>
                <th scope="col">Hours</th>
                <th scope="col">Providers</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {centres.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/centres/${c.id}`}>{c.name}</Link>
                    <span className="block text-sm text-slate-700">
                      {c.code} · {c.policeName}
                    </span>
                  </td>
                  <td>{c.divisionName}</td>
                  <td>{c.localAuthorityName}</td>
                  <td className="font-mono text-sm">{c.custodyReferenceExample}</td>
                  <td>{c.hours}</td>
                  <td>{c.providerCount ? c.providerCount : <StatusBadge tone="amber">None</StatusBadge>}</td>
                  <td>
                    {c.isActive ? (
                      <StatusBadge tone="green">Open</StatusBadge>
                    ) : (
                      <StatusBadge tone="grey">Closed</StatusBadge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title="No custody centres yet">
          <Link to="/admin/centres/new">Add the first one</Link>.
        </EmptyState>
      )}
    </AdminPage>
  );
}
