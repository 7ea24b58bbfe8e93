import type { ReactNode } from "react";

export function PageHeader({ title, lead, actions }: { title: ReactNode; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="page-title">{title}</h1>
        {lead ? <p className="mt-1 text-lg text-slate-700">{lead}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border-2 border-dashed border-slate-300 bg-white p-6 text-center">
      <p className="text-lg font-semibold">{title}</p>
      {children ? <div className="mt-1 text-slate-700">{children}</div> : null}
    </div>
  );
}

export function Notice({ tone = "info", children }: { tone?: "info" | "success" | "warning"; children: ReactNode }) {
  const tones = {
    info: "border-sky-700 bg-sky-50",
    success: "border-green-700 bg-green-50",
    warning: "border-amber-600 bg-amber-50",
  };
  return (
    <div role="status" className={`mb-4 rounded-md border-l-8 p-4 ${tones[tone]}`}>
      {children}
    </div>
  );
}
