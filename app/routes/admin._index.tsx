import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listOrganisationsWithCounts } from "~/domain/organisations.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  return { organisations: listOrganisationsWithCounts(getDb()) };
}

const kindLabels: Record<string, string> = {
  police: "Police",
  referral_provider: "Arrest referral provider",
  service_provider: "Service provider",
  commissioner: "Commissioner",
  operator: "Operator",
};

export default function AdminHome() {
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">Administration</h1>
      <section aria-labelledby="organisations-heading" className="card">
        <h2 id="organisations-heading" className="text-xl font-bold">
          Organisations
        </h2>
        <div className="mt-3 overflow-x-auto">
          <table className="table">
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
                  <td>{o.name}</td>
                  <td>{kindLabels[o.kind]}</td>
                  <td>{o.userCount}</td>
                  <td>{o.isActive ? "Active" : "Deactivated"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
