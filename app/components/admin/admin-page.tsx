// The frame of every administration page: the section navigation and the page heading.
import { NavLink } from "@remix-run/react";
import { PageHeader } from "~/components/page";
import type { ReactNode } from "react";

const sections = [
  { to: "/admin", label: "Overview", end: true },
  { to: "/admin/organisations", label: "Organisations" },
  { to: "/admin/users", label: "People" },
  { to: "/admin/centres", label: "Custody centres" },
  { to: "/admin/areas", label: "Areas" },
  { to: "/admin/throughput", label: "Custody throughput" },
  { to: "/admin/services", label: "Services" },
  { to: "/admin/api-keys", label: "API keys" },
  { to: "/admin/outbox", label: "Outbox" },
  { to: "/admin/campaigns", label: "Campaign texts" },
  { to: "/admin/settings", label: "Settings" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/subject-access", label: "Subject access" },
  { to: "/admin/duplicates", label: "Duplicate people" },
];

export function AdminPage({
  title,
  lead,
  actions,
  children,
}: {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      <nav aria-label="Administration" className="no-print mb-6 border-b border-slate-300">
        <ul className="-mb-px flex flex-wrap gap-x-1">
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink
                to={section.to}
                end={section.end}
                className={({ isActive }) =>
                  `block border-b-4 px-3 py-2 text-sm font-semibold no-underline ${
                    isActive
                      ? "border-brand-700 text-slate-900"
                      : "border-transparent text-brand-700 hover:border-slate-400"
                  }`
                }
              >
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <PageHeader title={title} lead={lead} actions={actions} />
      {children}
    </div>
  );
}

/**
 * A destructive action behind a second step: the button only appears once the person opens
 * the panel and has read what will happen. Works before JavaScript loads.
 */
export function ConfirmAction({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="rounded-md border border-red-300 bg-red-50 p-3">
      <summary className="cursor-pointer font-semibold text-red-800">{summary}</summary>
      <div className="mt-3 space-y-3">{children}</div>
    </details>
  );
}

export function StatusBadge({ tone, children }: { tone: "green" | "grey" | "amber" | "red"; children: ReactNode }) {
  const tones = {
    green: "bg-green-100 text-green-900",
    grey: "bg-slate-200 text-slate-800",
    amber: "bg-amber-100 text-amber-900",
    red: "bg-red-100 text-red-900",
  };
  return <span className={`badge ${tones[tone]}`}>{children}</span>;
}

/** Definition list used on record pages. */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
      {items.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-semibold">{term}</dt>
          <dd className="mb-2 sm:mb-0">
            {value === "" || value === null || value === undefined ? (
              <span className="text-slate-600">Not recorded</span>
            ) : (
              value
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
