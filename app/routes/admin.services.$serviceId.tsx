import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AdminPage, Facts } from "~/components/admin/admin-page";
import { ServiceFields, serviceFieldLabels } from "~/components/admin/service-form";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { Notice } from "~/components/page";
import { serviceSchema } from "~/domain/admin-forms";
import { isVerificationDue, VERIFY_EVERY_MONTHS } from "~/domain/directory";
import { findServiceForAdmin, markServiceVerified, serviceFormChoices, updateService } from "~/domain/directory.server";
import { DomainError } from "~/domain/errors";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formValues, parseForm } from "~/utils/forms";
import { ownValue } from "~/utils/keys";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.service.name ?? "Service"} · Administration · Pathway` },
];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const found = findServiceForAdmin(db, args.params.serviceId ?? "");
  invariantResponse(found, "Not found", { status: 404 });
  return { ...found, choices: serviceFormChoices(db), isDue: isVerificationDue(found.service.lastVerifiedAt) };
}

const versionSchema = z.object({ version: z.coerce.number().int().min(1) });

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const serviceId = args.params.serviceId ?? "";
  const formData = await args.request.formData();
  const db = getDb();
  try {
    if (formData.get("intent") === "verify") {
      markServiceVerified(db, audit, serviceId);
      throw redirect(`/admin/services/${serviceId}?saved=verified`);
    }
    const form = parseForm(serviceSchema, formData);
    const version = versionSchema.safeParse(Object.fromEntries(formData));
    if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
    invariantResponse(version.success, "The form is missing its version: reload the page.", { status: 400 });
    updateService(db, audit, serviceId, version.data.version, form.data);
    throw redirect(`/admin/services/${serviceId}?saved=details`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { errors: { [error.field]: error.message } as Record<string, string>, values: formValues(formData) },
      { status: error.status },
    );
  }
}

const savedMessages: Record<string, string> = {
  created: "The service was added to the directory.",
  details: "Your changes were saved. Workers see them in the directory now.",
  verified: "Marked as checked today.",
};

export default function EditService() {
  const { service, areaIds, choices, isDue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = !actionData ? ownValue(savedMessages, searchParams.get("saved")) : undefined;
  const values = actionData?.values ?? {
    organisationId: service.organisationId,
    name: service.name,
    kind: service.kind,
    description: service.description,
    areaIds,
    address: service.address,
    postcode: service.postcode,
    phone: service.phone,
    email: service.email,
    referralEmail: service.referralEmail,
    website: service.website,
    hours: service.hours,
    eligibility: service.eligibility,
    isTakingReferrals: service.isTakingReferrals ? "yes" : "",
    capacityPerMonth: service.capacityPerMonth === null ? "" : String(service.capacityPerMonth),
    typicalWaitDays: service.typicalWaitDays === null ? "" : String(service.typicalWaitDays),
  };
  return (
    <AdminPage title={service.name} lead={<Link to="/directory">See the directory as workers do</Link>}>
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      {isDue && !saved ? (
        <Notice tone="warning">
          <p>
            <strong>
              {service.lastVerifiedAt ? `Last checked ${formatDate(service.lastVerifiedAt)}` : "Never checked"}.
            </strong>{" "}
            Details older than {VERIFY_EVERY_MONTHS} months may be wrong: check them with the service.
          </p>
          <Form method="post" className="mt-2">
            <SubmitButton name="intent" value="verify" className="button-secondary" pendingText="Saving…">
              The details are right: mark as checked today
            </SubmitButton>
          </Form>
        </Notice>
      ) : null}
      <ErrorSummary errors={actionData?.errors} labels={serviceFieldLabels} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Form method="post" className="card space-y-6" noValidate>
          <input type="hidden" name="version" value={service.version} />
          <ServiceFields
            values={values}
            errors={actionData?.errors ?? {}}
            choices={choices}
            lastVerified={service.lastVerifiedAt ? formatDate(service.lastVerifiedAt) : undefined}
          />
          <SubmitButton name="intent" value="save" pendingText="Saving…">
            Save changes
          </SubmitButton>
        </Form>
        <section aria-labelledby="history-heading" className="card self-start">
          <h2 id="history-heading" className="mb-3 text-xl font-bold">
            History
          </h2>
          <Facts
            items={[
              ["Last verified", service.lastVerifiedAt ? formatDateTime(service.lastVerifiedAt) : "Never"],
              ["Last edited", formatDateTime(service.updatedAt ?? service.createdAt)],
              ["Added", formatDateTime(service.createdAt)],
              ["Version", String(service.version)],
            ]}
          />
          <p className="mt-3">
            <Link to={`/admin/audit?recordId=${service.id}`}>Changes in the audit log</Link>
          </p>
        </section>
      </div>
    </AdminPage>
  );
}
