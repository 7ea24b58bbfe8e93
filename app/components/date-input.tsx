// GOV.UK's date input: three boxes for day, month and year, never the browser's date picker
// (whose order follows the browser's language, so a British officer met mm/dd/yyyy).
// The boxes are named `${name}Day`, `${name}Month` and `${name}Year`; the first box carries the
// field's id so the error summary's link lands on it.
import { fieldId } from "./forms";

export function DateInput(props: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  values: Record<string, string | string[] | undefined>;
}) {
  const { name, legend, hint = "For example, 27 3 1988", error, values } = props;
  const id = fieldId(name);
  const value = (part: string) => {
    const v = values[`${name}${part}`];
    if (typeof v === "string") return v;
    // A date already known as YYYY-MM-DD (a form sent back without the boxes).
    const iso = typeof values[name] === "string" ? (values[name] as string) : "";
    const [y, m, d] = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split("-") : ["", "", ""];
    return part === "Day" ? d.replace(/^0/, "") : part === "Month" ? m.replace(/^0/, "") : y;
  };
  const boxes = [
    { part: "Day", label: "Day", width: "w-16", maxLength: 2 },
    { part: "Month", label: "Month", width: "w-16", maxLength: 2 },
    { part: "Year", label: "Year", width: "w-24", maxLength: 4 },
  ];
  return (
    <fieldset role="group" aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}>
      <legend className="font-semibold">{legend}</legend>
      <p id={`${id}-hint`} className="text-sm text-slate-700">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="mt-1 font-semibold text-red-800">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      ) : null}
      <div className="mt-1 flex gap-3">
        {boxes.map((box, index) => {
          const boxId = index === 0 ? id : `${id}-${box.part.toLowerCase()}`;
          return (
            <div key={box.part}>
              <label htmlFor={boxId} className="block text-sm font-semibold">
                {box.label}
              </label>
              <input
                id={boxId}
                name={`${name}${box.part}`}
                defaultValue={value(box.part)}
                inputMode="numeric"
                autoComplete="off"
                maxLength={box.maxLength}
                aria-invalid={error ? true : undefined}
                className={`input mt-1 ${box.width} text-center`}
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
