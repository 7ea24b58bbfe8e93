import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { Notice } from "~/components/page";
import { listCentresForAdmin } from "~/domain/centres.server";
import { VERIFY_EVERY_MONTHS } from "~/domain/directory";
import { countServicesDueVerification, listServicesForAdmin } from "~/domain/directory.server";
import { listOrganisationsWithCounts } from "~/domain/organisations.server";
import { listUsers } from "~/domain/users.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Administration · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const organisations = listOrganisationsWithCounts(db);
  const users = listUsers(db);
  return {
    organisationCount: organisations.filter((o) => o.isActive).length,
    activeUserCount: users.filter((u) => u.isActive && u.hasPassword).length,
    invitedCount: users.filter((u) => u.isActive && !u.hasPassword).length,
    centreCount: listCentresForAdmin(db).filter((c) => c.isActive).length,
    serviceCount: listServicesForAdmin(db).length,
    dueVerificationCount: countServicesDueVerification(db),
  };
}

export default function AdminHome() {
  const counts = useLoaderData<typeof loader>();
  const cards = [
    {
      to: "/admin/organisations",
      title: "Organisations",
      text: `${counts.organisationCount} active: police, providers, services, commissioners and their links.`,
    },
    {
      to: "/admin/users",
      title: "People using Pathway",
      text: `${counts.activeUserCount} active${counts.invitedCount ? `, ${counts.invitedCount} invited and not yet signed up` : ""}. Invite, change role, deactivate.`,
    },
    {
      to: "/admin/centres",
      title: "Custody centres",
      text: `${counts.centreCount} open, with their division, local authority and reference format.`,
    },
    {
      to: "/admin/areas",
      title: "Areas",
      text: "Police divisions, local authorities and Alcohol and Drug Partnerships.",
    },
    {
      to: "/admin/throughput",
      title: "Custody throughput",
      text: "Detentions per centre per month: what referral rates are measured against.",
    },
    {
      to: "/admin/services",
      title: "Service directory",
      text: `${counts.serviceCount} services. Import and export as Open Referral (HSDS 3.0).`,
    },
    {
      to: "/admin/api-keys",
      title: "API keys",
      text: "Keys for services whose own systems report outcomes through the FHIR API.",
    },
    {
      to: "/admin/campaigns",
      title: "Campaign texts",
      text: "Police outreach campaigns' texts, to approve or refuse against the safe-wording rules.",
    },
    {
      to: "/admin/settings",
      title: "Settings",
      text: "Overdue thresholds, follow-up attempts, consent wording and how long records are kept.",
    },
    { to: "/admin/audit", title: "Audit log", text: "Who read or changed what, and when. Filter and export as CSV." },
    {
      to: "/admin/subject-access",
      title: "Subject access",
      text: "Everything Pathway holds about a person, to give to them.",
    },
    {
      to: "/admin/duplicates",
      title: "Duplicate people",
      text: "People recorded twice: check a pair and merge them, or undo a merge.",
    },
  ];
  return (
    <AdminPage
      title="Administration"
      lead="Set up and keep Pathway: who uses it, where, and the services people are referred to."
    >
      {counts.dueVerificationCount ? (
        <Notice tone="warning">
          <p>
            <strong>
              {counts.dueVerificationCount} {counts.dueVerificationCount === 1 ? "service has" : "services have"} not
              been checked for over {VERIFY_EVERY_MONTHS} months.
            </strong>{" "}
            <Link to="/admin/services?due=1">Check them with the services</Link> so workers refer people to details that
            are right.
          </p>
        </Notice>
      ) : null}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map((card) => (
          <li key={card.to} className="card">
            <h2 className="text-lg font-bold">
              <Link to={card.to}>{card.title}</Link>
            </h2>
            <p className="mt-1 text-slate-700">{card.text}</p>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}
