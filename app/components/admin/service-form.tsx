// The fields of a service in the directory.
import { SERVICE_KINDS } from "#db/schema";
import { ChoiceGroup, SelectField, TextField, type FieldErrors, type FormValues } from "~/components/forms";
import { serviceKindLabels } from "~/domain/onward-referral-states";

export const serviceFieldLabels: Record<string, string> = {
  organisationId: "Run by",
  name: "Name",
  kind: "Kind of service",
  description: "Description",
  areaIds: "Areas served",
  address: "Address",
  postcode: "Postcode",
  phone: "Phone",
  email: "Email",
  referralEmail: "Email for new referrals",
  website: "Website",
  hours: "Hours",
  eligibility: "Who it is for",
  capacityPerMonth: "Capacity per month",
  typicalWaitDays: "Typical wait",
};

type Choices = {
  organisations: { id: string; name: string; isActive: boolean }[];
  localAuthorities: { id: string; name: string }[];
};

export function ServiceFields({
  values,
  errors,
  choices,
  lastVerified,
}: {
  values: FormValues;
  errors: FieldErrors;
  choices: Choices;
  lastVerified?: string;
}) {
  return (
    <div className="space-y-5">
      <SelectField
        name="organisationId"
        label="Run by"
        placeholder="Choose the service provider"
        defaultValue={values.organisationId}
        error={errors.organisationId}
        options={choices.organisations.map((o) => ({
          value: o.id,
          label: o.isActive ? o.name : `${o.name} (deactivated)`,
        }))}
      />
      <TextField name="name" label="Name" defaultValue={values.name} error={errors.name} />
      <SelectField
        name="kind"
        label="Kind of service"
        placeholder="Choose a kind"
        defaultValue={values.kind}
        error={errors.kind}
        options={SERVICE_KINDS.map((k) => ({ value: k, label: serviceKindLabels[k] }))}
      />
      <TextField
        name="description"
        label="Description"
        hint="What the service offers, in a sentence or two a worker can read to the person."
        multiline
        defaultValue={values.description}
        error={errors.description}
      />
      <ChoiceGroup
        name="areaIds"
        type="checkbox"
        legend="Areas served"
        hint="The local authorities whose residents the service takes."
        options={choices.localAuthorities.map((a) => ({ value: a.id, label: a.name }))}
        defaultValue={values.areaIds}
        error={errors.areaIds}
        inline
      />
      <div className="grid gap-5 sm:grid-cols-[2fr_1fr]">
        <TextField
          name="address"
          label="Address (optional)"
          hint="Street and town, separated by commas."
          defaultValue={values.address}
          error={errors.address}
        />
        <TextField name="postcode" label="Postcode (optional)" defaultValue={values.postcode} error={errors.postcode} />
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          name="phone"
          label="Phone (optional)"
          type="tel"
          inputMode="tel"
          defaultValue={values.phone}
          error={errors.phone}
        />
        <TextField
          name="email"
          label="Email (optional)"
          type="email"
          defaultValue={values.email}
          error={errors.email}
          spellCheck={false}
        />
      </div>
      <TextField
        name="referralEmail"
        label="Email for new referrals (optional)"
        hint="Pathway emails this address when a referral arrives, with no personal details: a count and a link. The email above is used when this is empty."
        type="email"
        defaultValue={values.referralEmail}
        error={errors.referralEmail}
        spellCheck={false}
      />
      <TextField
        name="website"
        label="Website (optional)"
        hint="The full address, starting with https://"
        type="url"
        defaultValue={values.website}
        error={errors.website}
        spellCheck={false}
      />
      <TextField
        name="hours"
        label="Hours (optional)"
        hint="Like “Mon–Fri 9:00–17:00”."
        defaultValue={values.hours}
        error={errors.hours}
      />
      <TextField
        name="eligibility"
        label="Who it is for (optional)"
        hint="Age, where they live, anything else the service needs."
        multiline
        rows={2}
        defaultValue={values.eligibility}
        error={errors.eligibility}
      />
      <ChoiceGroup
        name="isTakingReferrals"
        type="checkbox"
        legend="Referrals"
        options={[
          {
            value: "yes",
            label: "Taking referrals now",
            hint: "Untick when the service is full or paused: workers see it is not taking referrals.",
          },
        ]}
        defaultValue={values.isTakingReferrals}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          name="typicalWaitDays"
          label="Typical wait, in days (optional)"
          inputMode="numeric"
          defaultValue={values.typicalWaitDays}
          error={errors.typicalWaitDays}
        />
        <TextField
          name="capacityPerMonth"
          label="Capacity per month (optional)"
          hint="New people it can take in a month."
          inputMode="numeric"
          defaultValue={values.capacityPerMonth}
          error={errors.capacityPerMonth}
        />
      </div>
      <ChoiceGroup
        name="isVerifiedNow"
        type="checkbox"
        legend="Checked with the service"
        hint={lastVerified ? `Last checked ${lastVerified}.` : "Never checked."}
        options={[
          {
            value: "yes",
            label: "I have checked these details with the service today",
            hint: "Sets the “last verified” date. Editing alone does not.",
          },
        ]}
        defaultValue={values.isVerifiedNow}
      />
    </div>
  );
}
