// Form pieces that keep what was typed, say what is wrong next to each field, and list every
// problem in a summary at the top that takes focus and links to the fields.
import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";

export type FieldErrors = Record<string, string | undefined>;
export type FormValues = Record<string, string | string[] | undefined>;

/**
 * A key that changes each time `value` is a new object (actionData after each submission): on a
 * field, it empties the field after every attempt. State adjusted while rendering, as React's
 * docs describe for "storing information from previous renders": no effect, nothing random.
 */
export function useNewKeyEach(value: unknown): number {
  const [seen, setSeen] = useState({ value, key: 0 });
  if (seen.value === value) return seen.key;
  const next = { value, key: seen.key + 1 };
  setSeen(next);
  return next.key;
}

export const fieldId = (name: string) => `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;

/**
 * A summary link puts focus on its field and shows the field's label, as GOV.UK's script does,
 * without changing the URL: a hash change is a navigation to the router, which would drop the
 * errors and the summary with them. Without JavaScript the plain link does the same job.
 */
function focusField(event: React.MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById(event.currentTarget.hash.slice(1));
  if (!target) return;
  event.preventDefault();
  target.focus({ preventScroll: true });
  const label =
    document.querySelector(`label[for="${target.id}"]`) ??
    (target.tagName === "FIELDSET" ? target.querySelector("legend") : null) ??
    target;
  label.scrollIntoView({ block: "start" });
}

/**
 * The problems of a form, each a link to its field. `labels` names the fields in the order the form
 * asks them, and the summary lists them in that order, reading down the page as GOV.UK's does;
 * problems of fields without a label follow.
 */
export function ErrorSummary({ errors, labels }: { errors?: FieldErrors | null; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const order = Object.keys(labels ?? {});
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const entries = Object.entries(errors ?? {})
    .filter(([, message]) => message)
    .sort(([a], [b]) => rank(a) - rank(b));
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps -- focus once per new set of errors
  if (!entries.length) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      className="mb-6 rounded-md border-4 border-red-700 bg-white p-4"
    >
      <h2 id="error-summary-title" className="text-lg font-bold text-red-800">
        There is a problem
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {entries.map(([name, message]) => (
          <li key={name}>
            {name === "form" ? (
              <span className="font-semibold text-red-800">{message}</span>
            ) : (
              <a href={`#${fieldId(name)}`} className="font-semibold text-red-800" onClick={focusField}>
                {labels?.[name] ? `${labels[name]}: ` : ""}
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${fieldId(name)}-error`} className="mt-1 font-semibold text-red-800">
      <span className="sr-only">Error: </span>
      {error}
    </p>
  );
}

function describedBy(name: string, error?: string, hint?: ReactNode) {
  return (
    [hint ? `${fieldId(name)}-hint` : null, error ? `${fieldId(name)}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

type TextFieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string | string[];
  type?: string;
  autoComplete?: string;
  autoCapitalize?: "off" | "characters" | "words" | "sentences";
  required?: boolean;
  className?: string;
  inputClassName?: string;
  autoFocus?: boolean;
  inputMode?: "text" | "numeric" | "tel" | "email" | "search";
  maxLength?: number;
  multiline?: boolean;
  rows?: number;
  min?: string;
  max?: string;
  spellCheck?: boolean;
};

export function TextField(props: TextFieldProps) {
  const { name, label, hint, error, defaultValue, className = "", inputClassName = "", multiline, ...rest } = props;
  const id = fieldId(name);
  const value = Array.isArray(defaultValue) ? defaultValue[0] : defaultValue;
  const common = {
    id,
    name,
    defaultValue: value ?? "",
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(name, error, hint),
    className: `input mt-1 ${inputClassName}`,
    autoFocus: rest.autoFocus,
    required: rest.required,
    maxLength: rest.maxLength,
  };
  return (
    <div className={className}>
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} error={error} />
      {multiline ? (
        <textarea {...common} rows={rest.rows ?? 3} />
      ) : (
        <input
          {...common}
          type={rest.type ?? "text"}
          autoComplete={rest.autoComplete}
          autoCapitalize={rest.autoCapitalize}
          inputMode={rest.inputMode}
          min={rest.min}
          max={rest.max}
          spellCheck={rest.spellCheck}
        />
      )}
    </div>
  );
}

type Option = { value: string; label: string };

export function SelectField(props: {
  name: string;
  label: string;
  options: Option[];
  error?: string;
  hint?: ReactNode;
  defaultValue?: string | string[];
  placeholder?: string;
  className?: string;
  required?: boolean;
  onChange?: (value: string) => void;
}) {
  const { name, label, options, error, hint, defaultValue, placeholder, className = "", onChange } = props;
  const id = fieldId(name);
  return (
    <div className={className}>
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} error={error} />
      <select
        id={id}
        name={name}
        defaultValue={(Array.isArray(defaultValue) ? defaultValue[0] : defaultValue) ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        className="input mt-1"
        required={props.required}
        onChange={onChange ? (event) => onChange(event.target.value) : undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radio buttons or checkboxes in a fieldset with a legend. */
export function ChoiceGroup(props: {
  name: string;
  legend: ReactNode;
  options: (Option & { hint?: string })[];
  type: "radio" | "checkbox";
  error?: string;
  hint?: ReactNode;
  defaultValue?: string | string[];
  className?: string;
  inline?: boolean;
}) {
  const { name, legend, options, type, error, hint, defaultValue, className = "", inline } = props;
  const selected = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []);
  const id = fieldId(name);
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={className}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(name, error, hint)}
    >
      <legend className="font-semibold">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} error={error} />
      <div className={`mt-2 ${inline ? "flex flex-wrap gap-2" : "space-y-2"}`}>
        {options.map((o, index) => (
          <label
            key={o.value}
            htmlFor={`${id}-${index}`}
            className="flex min-h-[2.75rem] cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 hover:border-brand-600 has-[:checked]:border-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
          >
            <input
              id={`${id}-${index}`}
              type={type}
              name={name}
              value={o.value}
              defaultChecked={selected.has(o.value)}
              className="mt-1 h-5 w-5 shrink-0 accent-brand-700"
            />
            <span>
              <span className="font-medium">{o.label}</span>
              {o.hint ? <span className="block text-sm text-slate-700">{o.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A submit button that says it is working and cannot be pressed twice. */
export function SubmitButton({
  children,
  pendingText,
  className = "button",
  name,
  value,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const navigation = useNavigation();
  const isPending =
    navigation.state === "submitting" && (name === undefined || navigation.formData?.get(name) === value);
  return (
    <button type="submit" className={className} disabled={navigation.state === "submitting"} name={name} value={value}>
      {isPending && pendingText ? pendingText : children}
    </button>
  );
}
