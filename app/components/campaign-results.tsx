// Campaign results as tables: one campaign's steps, or campaigns side by side. Only Cells reach
// here (app/domain/disclosure.ts): the figures are already protected.
import { DISCLOSURE_RULE } from "~/domain/disclosure";
import type { Cell } from "~/domain/disclosure";

export function CellText({ cell }: { cell: Pick<Cell, "text"> }) {
  return <>{cell.text}</>;
}

export function DisclosureNote() {
  return (
    <section aria-labelledby="disclosure-heading" className="mt-6 rounded-md border border-slate-300 bg-white p-4">
      <h2 id="disclosure-heading" className="font-bold">
        How small numbers are protected
      </h2>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {DISCLOSURE_RULE.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
