// The fields of a custody centre: where it sits, who runs it, its custody reference format and hours.
import { ChoiceGroup, SelectField, TextField, type FieldErrors, type FormValues } from "~/components/forms";

export const centreFieldLabels: Record<string, string> = {
  name: "Name",
  code: "Code",
  policeOrganisationId: "Police force",
  divisionAreaId: "Police division",
  localAuthorityAreaId: "Local authority",
  custodyReferencePattern: "Custody reference pattern",
  custodyReferenceExample: "Example custody reference",
  hours: "Hours",
};

type Choices = {
  divisions: { id: string; name: string }[];
  localAuthorities: { id: string; name: string }[];
  forces: { id: string; name: string }[];
};

export function CentreFields({
  values,
  errors,
  choices,
}: {
  values: FormValues;
  errors: FieldErrors;
  choices: Choices;
}) {
  return (
    <div className="space-y-5">
      <div className="grid gap-5 sm:grid-cols-[2fr_1fr]">
        <TextField name="name" label="Name" defaultValue={values.name} error={errors.name} />
        <TextField
          name="code"
          label="Code"
          hint="Letters, like NFC."
          defaultValue={values.code}
          error={errors.code}
          spellCheck={false}
        />
      </div>
      <SelectField
        name="policeOrganisationId"
        label="Police force"
        placeholder="Choose the force"
        defaultValue={values.policeOrganisationId}
        error={errors.policeOrganisationId}
        options={choices.forces.map((f) => ({ value: f.id, label: f.name }))}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          name="divisionAreaId"
          label="Police division"
          placeholder="Choose the division"
          defaultValue={values.divisionAreaId}
          error={errors.divisionAreaId}
          options={choices.divisions.map((a) => ({ value: a.id, label: a.name }))}
        />
        <SelectField
          name="localAuthorityAreaId"
          label="Local authority"
          placeholder="Choose the local authority"
          defaultValue={values.localAuthorityAreaId}
          error={errors.localAuthorityAreaId}
          options={choices.localAuthorities.map((a) => ({ value: a.id, label: a.name }))}
        />
      </div>
      <TextField
        name="custodyReferencePattern"
        label="Custody reference pattern"
        hint={
          <>
            A regular expression every custody reference at this centre matches, from ^ to $. For NFC/26/004512:{" "}
            <code>
              ^NFC/\d{"{2}"}/\d{"{6}"}$
            </code>
          </>
        }
        defaultValue={values.custodyReferencePattern}
        error={errors.custodyReferencePattern}
        inputClassName="font-mono"
        spellCheck={false}
      />
      <TextField
        name="custodyReferenceExample"
        label="Example custody reference"
        hint="Shown to officers when a reference does not fit. It must match the pattern."
        defaultValue={values.custodyReferenceExample}
        error={errors.custodyReferenceExample}
        inputClassName="font-mono"
        spellCheck={false}
      />
      <TextField
        name="hours"
        label="Hours"
        hint="When the centre takes detainees, like “24 hours” or “Mon–Sun 07:00–23:00”."
        defaultValue={values.hours}
        error={errors.hours}
      />
      <ChoiceGroup
        name="isActive"
        type="checkbox"
        legend="Open"
        options={[
          {
            value: "yes",
            label: "The centre is open",
            hint: "Officers can record offers here and providers see its referrals.",
          },
        ]}
        defaultValue={values.isActive}
      />
    </div>
  );
}
