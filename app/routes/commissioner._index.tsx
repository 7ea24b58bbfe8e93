import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import { listFundedAreas } from "~/domain/areas.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requirePermission(args, "dashboard:view");
  return { areas: listFundedAreas(getDb(), actor) };
}

export default function CommissionerHome() {
  const { areas } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Referral and outcome rates" lead="Aggregates for the areas your organisation funds. No person can be identified here." />
      <section className="card" aria-labelledby="areas-heading">
        <h2 id="areas-heading" className="text-xl font-bold">
          Your areas
        </h2>
        <ul className="mt-2 list-disc pl-6">
          {areas.map((a) => (
            <li key={a.id}>{a.name}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
