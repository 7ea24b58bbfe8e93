// The fields of an organisation, with the links its kind has: the centres a provider covers,
// the areas a commissioner funds.
import type { OrganisationKind } from "#db/schema";
import { ChoiceGroup, TextField, type FieldErrors, type FormValues } from "~/components/forms";

export const organisationFieldLabels: Record<string, string> = {
  name: "Name",
  description: "Description",
  email: "Email",
  phone: "Phone",
  website: "Website",
  queueOverdueMinutes: "Overdue after",
  followUpAttemptLimit: "Contact attempts",
  centreIds: "Custody centres covered",
  providerAreaIds: "Areas covered outside custody",
  areaIds: "Areas funded",
  form: "",
};

type Choices = {
  centres: { id: string; name: string; code: string; isActive: boolean }[];
  areas: { id: string; name: string; kind: string }[];
};

export function OrganisationFields({
  kind,
  values,
  errors,
  choices,
}: {
  kind: OrganisationKind;
  values: FormValues;
  errors: FieldErrors;
  choices: Choices;
}) {
  return (
    <div className="space-y-5">
      <TextField name="name" label="Name" defaultValue={values.name} error={errors.name} />
      <TextField
        name="description"
        label="Description"
        hint="A sentence or two about what the organisation does."
        multiline
        defaultValue={values.description}
        error={errors.description}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          name="email"
          label="Email (optional)"
          type="email"
          defaultValue={values.email}
          error={errors.email}
          spellCheck={false}
        />
        <TextField
          name="phone"
          label="Phone (optional)"
          type="tel"
          inputMode="tel"
          defaultValue={values.phone}
          error={errors.phone}
        />
      </div>
      <TextField
        name="website"
        label="Website (optional)"
        hint="The full address, starting with https://"
        type="url"
        defaultValue={values.website}
        error={errors.website}
        spellCheck={false}
      />
      {kind === "referral_provider" ? (
        <>
          <ChoiceGroup
            name="centreIds"
            type="checkbox"
            legend="Custody centres this provider covers"
            hint="New referrals at these centres appear in the provider's queue."
            options={choices.centres.map((c) => ({
              value: c.id,
              label: c.name,
              hint: c.isActive ? `Code ${c.code}` : `Code ${c.code} · closed`,
            }))}
            defaultValue={values.centreIds}
            error={errors.centreIds}
          />
          <ChoiceGroup
            name="providerAreaIds"
            type="checkbox"
            legend="Local authority areas this provider covers outside custody"
            hint="Near-fatal overdose follow-ups from police in these areas appear at the top of the provider's queue."
            options={choices.areas
              .filter((a) => a.kind === "local_authority")
              .map((a) => ({ value: a.id, label: a.name }))}
            defaultValue={values.providerAreaIds}
            error={errors.providerAreaIds}
          />
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              name="queueOverdueMinutes"
              label="Overdue after (minutes)"
              hint="How long a new referral may wait before the queue shows it as overdue."
              inputMode="numeric"
              defaultValue={values.queueOverdueMinutes}
              error={errors.queueOverdueMinutes}
            />
            <TextField
              name="followUpAttemptLimit"
              label="Contact attempts before closing"
              hint="Failed attempts to reach a released person before closure is suggested."
              inputMode="numeric"
              defaultValue={values.followUpAttemptLimit}
              error={errors.followUpAttemptLimit}
            />
          </div>
        </>
      ) : null}
      {kind === "commissioner" ? (
        <>
          <ChoiceGroup
            name="fundsAllAreas"
            type="checkbox"
            legend="Reach"
            options={[
              {
                value: "yes",
                label: "Funds every area (national reach)",
                hint: "Sees figures for all areas; the areas below are then not needed.",
              },
            ]}
            defaultValue={values.fundsAllAreas}
          />
          <ChoiceGroup
            name="areaIds"
            type="checkbox"
            legend="Areas this commissioner funds"
            hint="Funding an Alcohol and Drug Partnership covers the local authorities in it."
            options={choices.areas.map((a) => ({
              value: a.id,
              label: a.name,
              hint: a.kind === "adp" ? "Alcohol and Drug Partnership" : "Local authority",
            }))}
            defaultValue={values.areaIds}
            error={errors.areaIds}
          />
        </>
      ) : null}
    </div>
  );
}
