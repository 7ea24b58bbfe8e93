import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-page";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { addMonths, formatMonth, formatShortMonth, isMonth, monthOf, monthsBetween } from "~/domain/metrics/period";
import { findThroughput, listCentresForThroughput, listThroughput, saveThroughput, throughputEntrySchema } from "~/domain/throughput.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Custody throughput · Administration · Pathway" }];

const labels = {
  custodyCentreId: "Custody centre",
  month: "Month",
  detentions: "Detentions",
  disclosedDrugs: "Disclosed drug problems",
  disclosedAlcohol: "Disclosed alcohol problems",
  disclosedMentalHealth: "Disclosed mental-health problems",
};

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "admin:use");
  const db = getDb();
  const url = new URL(args.request.url);
  const now = new Date();
  const latest = addMonths(monthOf(now), -1);
  const months = monthsBetween(addMonths(latest, -11), latest).reverse();
  const centres = listCentresForThroughput(db);
  const held = listThroughput(db, months[months.length - 1], months[0]);

  // Editing a month starts from what is held for it.
  const editCentre = url.searchParams.get("centre") ?? "";
  const editMonth = url.searchParams.get("month") ?? "";
  const editing = editCentre && isMonth(editMonth) ? findThroughput(db, editCentre, editMonth) : undefined;
  const saved = url.searchParams.get("saved");
  const savedCentre = centres.find((c) => c.id === saved);
  return {
    centres,
    months: months.map((m) => ({ value: m, label: formatShortMonth(m) })),
    held: held.map((h) => ({ key: `${h.custodyCentreId}|${h.month}`, detentions: h.detentions, hasDisclosed: h.disclosedDrugs !== null })),
    values: {
      custodyCentreId: editCentre,
      month: editMonth || latest,
      detentions: editing ? String(editing.detentions) : "",
      disclosedDrugs: editing?.disclosedDrugs?.toString() ?? "",
      disclosedAlcohol: editing?.disclosedAlcohol?.toString() ?? "",
      disclosedMentalHealth: editing?.disclosedMentalHealth?.toString() ?? "",
    } as Record<string, string>,
    latestMonth: monthOf(now),
    notice:
      savedCentre && isMonth(url.searchParams.get("savedMonth") ?? "")
        ? {
            centreName: savedCentre.name,
            month: formatMonth(url.searchParams.get("savedMonth")!),
            replaced: url.searchParams.get("replaced") === "1",
          }
        : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const form = parseForm(throughputEntrySchema(), await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const db = getDb();
  const centre = listCentresForThroughput(db).find((c) => c.id === form.data.custodyCentreId);
  if (!centre) return data({ errors: { custodyCentreId: "Choose the custody centre" }, values: form.values }, { status: 400 });
  const { replaced } = saveThroughput(db, audit, form.data);
  const params = new URLSearchParams({ saved: centre.id, savedMonth: form.data.month, replaced: replaced ? "1" : "0" });
  throw redirect(`/admin/throughput?${params}#saved`);
}

export default function CustodyThroughput() {
  const { centres, months, held, values: loaded, latestMonth, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = (actionData?.values as Record<string, string> | undefined) ?? loaded;
  const heldByKey = new Map(held.map((h) => [h.key, h]));

  return (
    <AdminPage
      title="Custody throughput"
      lead="Detentions at each custody centre each month, and how many disclosed drug, alcohol or mental-health problems: what commissioners' referral rates divide by."
      actions={
        <>
          <Link to="/admin/throughput/import" className="button">
            Import a CSV file
          </Link>
          <a href="/admin/throughput/template" download className="button-secondary">
            Download the template
          </a>
        </>
      }
    >
      {notice ? (
        <div id="saved">
          <Notice tone="success">
            Saved the figures for {notice.centreName}, {notice.month}.
            {notice.replaced ? " They replace the figures held before for that month." : ""}
          </Notice>
        </div>
      ) : null}

      <section aria-labelledby="enter-heading" className="card mb-6 max-w-3xl">
        <h2 id="enter-heading" className="text-xl font-bold">
          Enter one month
        </h2>
        <p className="mt-1 text-slate-700">Entering a month that is already held replaces it. Leave a disclosed-need figure empty if the centre does not count it.</p>
        <ErrorSummary errors={errors} labels={labels} />
        {/* A new key when another month is picked to edit, so the fields show its figures. */}
        <Form key={`${loaded.custodyCentreId}|${loaded.month}|${loaded.detentions}`} method="post" className="mt-4 space-y-4" noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="custodyCentreId"
              label="Custody centre"
              placeholder="Choose a custody centre"
              defaultValue={values.custodyCentreId}
              error={errors.custodyCentreId}
              options={centres.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
            />
            <TextField name="month" label="Month" hint="Year and month, like 2026-03" type="month" max={latestMonth} defaultValue={values.month} error={errors.month} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="detentions" label="Detentions" hint="People booked into custody in the month" inputMode="numeric" defaultValue={values.detentions} error={errors.detentions} />
            <TextField name="disclosedDrugs" label="Disclosed drug problems (optional)" inputMode="numeric" defaultValue={values.disclosedDrugs} error={errors.disclosedDrugs} />
            <TextField name="disclosedAlcohol" label="Disclosed alcohol problems (optional)" inputMode="numeric" defaultValue={values.disclosedAlcohol} error={errors.disclosedAlcohol} />
            <TextField
              name="disclosedMentalHealth"
              label="Disclosed mental-health problems (optional)"
              inputMode="numeric"
              defaultValue={values.disclosedMentalHealth}
              error={errors.disclosedMentalHealth}
            />
          </div>
          <SubmitButton pendingText="Saving…">Save the month</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="held-heading" className="card">
        <h2 id="held-heading" className="text-xl font-bold">
          Detentions held for the last 12 months
        </h2>
        <p className="mt-1 text-slate-700">
          “Missing” means no figures for that month yet; choose a figure to change it. An asterisk marks a month without disclosed-need figures.
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="table">
            <caption className="sr-only">Detentions by custody centre and month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {centres.map((c) => (
                  <th key={c.id} scope="col" className="text-right">
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.value}>
                  <th scope="row" className="whitespace-nowrap font-normal">
                    {m.label}
                  </th>
                  {centres.map((c) => {
                    const figure = heldByKey.get(`${c.id}|${m.value}`);
                    const edit = `/admin/throughput?${new URLSearchParams({ centre: c.id, month: m.value })}#enter-heading`;
                    return (
                      <td key={c.id} className="text-right tabular-nums">
                        <Link to={edit} className={figure ? undefined : "text-amber-900"}>
                          {figure ? `${figure.detentions.toLocaleString("en-GB")}${figure.hasDisclosed ? "" : "*"}` : "Missing"}
                          <span className="sr-only">
                            {" "}
                            at {c.name} in {m.label}: change
                          </span>
                        </Link>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </AdminPage>
  );
}
