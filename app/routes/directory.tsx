import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SERVICE_KINDS } from "#db/schema";
import { ChoiceGroup, SelectField, TextField } from "~/components/forms";
import { EmptyState, PageHeader } from "~/components/page";
import { isVerificationDue } from "~/domain/directory";
import { listDirectory, listLocalAuthorities } from "~/domain/directory.server";
import { serviceKindLabels } from "~/domain/onward-referral-states";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Service directory · Pathway" }];

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
  taking: z.literal("yes").optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requirePermission(args, "directory:view");
  const db = getDb();
  const filter = filterSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const now = new Date();
  const services = listDirectory(
    db,
    { kind: filter.kind, areaId: filter.areaId, search: filter.search, isTakingReferrals: filter.taking === "yes" },
    now,
  );
  return {
    services: services.map((s) => ({ ...s, isDue: isVerificationDue(s.lastVerifiedAt, now) })),
    localAuthorities: listLocalAuthorities(db),
    filter,
    canEdit: user.role === "administrator",
  };
}

export default function Directory() {
  const { services, localAuthorities, filter, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Service directory"
        lead="Services people can be referred to, by kind and the areas they serve."
      />
      <Form
        method="get"
        className="card mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
        role="search"
        aria-label="Filter services"
      >
        <TextField name="search" label="Search" hint="Name, provider or description" defaultValue={filter.search} />
        <SelectField
          name="kind"
          label="Kind of service"
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
          name="taking"
          type="checkbox"
          legend="Availability"
          options={[{ value: "yes", label: "Taking referrals now" }]}
          defaultValue={filter.taking}
        />
        <div>
          <button type="submit" className="button-secondary">
            Show services
          </button>
        </div>
      </Form>
      <p className="mb-3 text-slate-700" role="status">
        {services.length} {services.length === 1 ? "service" : "services"}
      </p>
      {services.length ? (
        <ul className="grid gap-4 lg:grid-cols-2">
          {services.map((s) => (
            <li key={s.id} className="card" aria-labelledby={`service-${s.id}`}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <h2 id={`service-${s.id}`} className="text-lg font-bold">
                    {s.name}
                  </h2>
                  <p className="text-sm text-slate-700">
                    {serviceKindLabels[s.kind]} · {s.organisationName}
                  </p>
                </div>
                {s.isTakingReferrals ? (
                  <span className="badge bg-green-100 text-green-900">Taking referrals</span>
                ) : (
                  <span className="badge bg-slate-200 text-slate-800">Not taking referrals</span>
                )}
              </div>
              {s.description ? <p className="mt-2">{s.description}</p> : null}
              <dl className="mt-3 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                <dt className="font-semibold">Areas</dt>
                <dd>{s.areas.map((a) => a.name).join(", ")}</dd>
                {s.eligibility ? (
                  <>
                    <dt className="font-semibold">Who it is for</dt>
                    <dd>{s.eligibility}</dd>
                  </>
                ) : null}
                {s.typicalWaitDays !== null ? (
                  <>
                    <dt className="font-semibold">Typical wait</dt>
                    <dd>
                      {s.typicalWaitDays === 0
                        ? "No wait"
                        : `${s.typicalWaitDays} ${s.typicalWaitDays === 1 ? "day" : "days"}`}
                    </dd>
                  </>
                ) : null}
                {s.hours ? (
                  <>
                    <dt className="font-semibold">Hours</dt>
                    <dd>{s.hours}</dd>
                  </>
                ) : null}
                {s.address || s.postcode ? (
                  <>
                    <dt className="font-semibold">Address</dt>
                    <dd>{[s.address, s.postcode].filter(Boolean).join(", ")}</dd>
                  </>
                ) : null}
                {s.phone ? (
                  <>
                    <dt className="font-semibold">Phone</dt>
                    <dd>
                      <a href={`tel:${s.phone.replace(/\s+/g, "")}`}>{s.phone}</a>
                    </dd>
                  </>
                ) : null}
                {s.email ? (
                  <>
                    <dt className="font-semibold">Email</dt>
                    <dd className="break-all">
                      <a href={`mailto:${s.email}`}>{s.email}</a>
                    </dd>
                  </>
                ) : null}
                {s.website ? (
                  <>
                    <dt className="font-semibold">Website</dt>
                    <dd className="break-all">
                      <a href={s.website} rel="noreferrer noopener" target="_blank">
                        {s.website.replace(/^https?:\/\//, "")}
                        <span className="sr-only"> (opens in a new tab)</span>
                      </a>
                    </dd>
                  </>
                ) : null}
                <dt className="font-semibold">Details checked</dt>
                <dd>
                  {s.lastVerifiedAt ? formatDate(s.lastVerifiedAt) : "Not yet"}
                  {s.isDue ? " · may be out of date" : ""}
                </dd>
              </dl>
              {canEdit ? (
                <p className="mt-3 text-sm">
                  <Link to={`/admin/services/${s.id}`}>Edit {s.name}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No services match">Try another kind or area, or clear the search.</EmptyState>
      )}
    </>
  );
}
