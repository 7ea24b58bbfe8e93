// A list that stays one list at every width: a card for each item on a phone, lined up in columns
// from tablet width with CSS grid, under a header row for sighted users. Screen readers read each
// item whole, so each value carries its own words where it needs them (decision 039). One layout,
// not a list and a table with one of them hidden, so the server renders each item once.
import { useId, type ReactNode } from "react";

type ColumnListProps = {
  /** The list's accessible name. */
  label: string;
  /** Tailwind's grid columns from tablet width, e.g. "md:grid-cols-[…] md:gap-4". */
  columns: string;
  headings: string[];
  /** Read after the name by screen readers: the order the items are in, say. */
  description?: string;
  children: ReactNode;
};

export function ColumnList({ label, columns, headings, description, children }: ColumnListProps) {
  const descriptionId = useId();
  return (
    <div className="card p-0 sm:p-0">
      {description ? (
        <p id={descriptionId} hidden>
          {description}
        </p>
      ) : null}
      <div aria-hidden="true" className={`${columns} hidden border-b border-slate-300 px-4 py-2 font-semibold md:grid`}>
        {headings.map((heading) => (
          <span key={heading}>{heading}</span>
        ))}
      </div>
      {/* Safari stops calling a list a list once its bullets are styled away, unless told. */}
      {/* eslint-disable-next-line jsx-a11y/no-redundant-roles */}
      <ul
        role="list"
        aria-label={label}
        aria-describedby={description ? descriptionId : undefined}
        className="divide-y divide-slate-200"
      >
        {children}
      </ul>
    </div>
  );
}

/** The classes of one item: stacked on a phone, in the list's columns from tablet width. */
export const columnItemClass = (columns: string, extra = "") =>
  `${columns} grid gap-1 px-4 py-3 [overflow-wrap:anywhere] md:items-start ${extra}`;

/** A value beside the first column: small and grey under it on a phone, as the others at a desk. */
export const columnDetailClass = "text-sm text-slate-700 md:text-base md:text-slate-900";
