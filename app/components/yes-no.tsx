// A yes/no question as GOV.UK writes it: two inline radios in a fieldset whose legend is the
// question, with its hint and error message. It sends "yes" or "no" under `name`.
import { ChoiceGroup } from "./forms";
import type { ReactNode } from "react";

const OPTIONS = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

/** What the user sent ("yes"/"no"), or a stored answer (true/false); nothing chosen otherwise. */
function asChoice(value: unknown): string | undefined {
  if (value === true || value === "yes") return "yes";
  if (value === false || value === "no") return "no";
  return undefined;
}

export function YesNo(props: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  value?: unknown;
  className?: string;
}) {
  const { name, legend, hint, error, value, className } = props;
  return (
    <ChoiceGroup
      name={name}
      legend={legend}
      hint={hint}
      error={error}
      type="radio"
      inline
      options={OPTIONS}
      defaultValue={asChoice(value)}
      className={className}
    />
  );
}
