// Entering custody throughput a month at a time, and the grid of the last 12 months: the same
// for an administrator (every centre) and a custody officer (their force's centres). The route
// gives the frame; `basePath` is where the page lives, for its links and its form.
import { Form, Link } from "@remix-run/react";
import { ErrorSummary, SelectField, SubmitButton, TextField } from "~/components/forms";
import { Notice } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import type { ThroughputEntryActionData, ThroughputEntryData } from "~/domain/throughput-pages";

export type { ThroughputEntryActionData, ThroughputEntryData };

const labels = {
  custodyCentreId: "Custody centre",
  month: "Month",
  detentions: "Detentions",
  disclosedDrugs: "Disclosed drug problems",
  disclosedAlcohol: "Disclosed alcohol problems",
  disclosedMentalHealth: "Disclosed mental-health problems",
};

/** The page's header actions: import a file, download the template. */
export function ThroughputEntryActions({ basePath }: { basePath: string }) {
  return (
    <>
      <Link to={`${basePath}/import`} className="button">
        Import a CSV file
      </Link>
      <a href={`${basePath}/template`} download className="button-secondary">
        Download the template
      </a>
    </>
  );
}

export function ThroughputEntry({
  data,
  actionData,
  basePath,
}: {
  data: ThroughputEntryData;
  actionData?: ThroughputEntryActionData;
  basePath: string;
}) {
  const { centres, months, held, values: loaded, latestMonth, notice } = data;
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = (actionData?.values as Record<string, string> | undefined) ?? loaded;
  const heldByKey = new Map(held.map((h) => [h.key, h]));

  return (
    <>
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
        <p className="mt-1 text-slate-700">
          Entering a month that is already held replaces it. Leave a disclosed-need figure empty if the centre does not
          count it.
        </p>
        <ErrorSummary errors={errors} labels={labels} />
        {/* A new key when another month is picked to edit, so the fields show its figures. */}
        <Form
          key={`${loaded.custodyCentreId}|${loaded.month}|${loaded.detentions}`}
          method="post"
          className="mt-4 space-y-4"
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="custodyCentreId"
              label="Custody centre"
              placeholder="Choose a custody centre"
              defaultValue={values.custodyCentreId}
              error={errors.custodyCentreId}
              options={centres.map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
            />
            <TextField
              name="month"
              label="Month"
              hint="Year and month, like 2026-03"
              type="month"
              max={latestMonth}
              defaultValue={values.month}
              error={errors.month}
            />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              name="detentions"
              label="Detentions"
              hint="People booked into custody in the month"
              inputMode="numeric"
              defaultValue={values.detentions}
              error={errors.detentions}
            />
            <TextField
              name="disclosedDrugs"
              label="Disclosed drug problems (optional)"
              inputMode="numeric"
              defaultValue={values.disclosedDrugs}
              error={errors.disclosedDrugs}
            />
            <TextField
              name="disclosedAlcohol"
              label="Disclosed alcohol problems (optional)"
              inputMode="numeric"
              defaultValue={values.disclosedAlcohol}
              error={errors.disclosedAlcohol}
            />
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
          “Missing” means no figures for that month yet; choose a figure to change it. An asterisk marks a month without
          disclosed-need figures.
        </p>
        <ScrollsSideways label="Detentions month by month" className="mt-3">
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
                    const edit = `${basePath}?${new URLSearchParams({ centre: c.id, month: m.value })}#enter-heading`;
                    return (
                      <td key={c.id} className="text-right tabular-nums">
                        <Link to={edit} className={figure ? undefined : "text-amber-900"}>
                          {figure
                            ? `${figure.detentions.toLocaleString("en-GB")}${figure.hasDisclosed ? "" : "*"}`
                            : "Missing"}
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
        </ScrollsSideways>
      </section>
    </>
  );
}
