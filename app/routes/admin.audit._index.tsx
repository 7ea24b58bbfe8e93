import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminPage } from "~/components/admin/admin-page";
import { SelectField, TextField } from "~/components/forms";
import { EmptyState } from "~/components/page";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import { parseAuditFilter, toAuditFilter } from "~/domain/audit-filter";
import { auditActionLabel, auditFamilyLabel, detailLines } from "~/domain/audit-labels";
import { auditFilterChoices, searchAuditLog } from "~/domain/audit-log.server";
import { recordAudit } from "~/domain/audit.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDateTime } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Audit log · Administration · Pathway" }];

const beforeSchema = z.coerce.number().int().positive().optional().catch(undefined);

export async function loader(args: LoaderFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const db = getDb();
  const url = new URL(args.request.url);
  const form = parseAuditFilter(url.searchParams);
  const before = beforeSchema.parse(url.searchParams.get("before") ?? undefined);
  const filter = toAuditFilter(form);
  const page = db.transaction((tx) => {
    // Reading the log is itself an event in it.
    recordAudit(tx, audit, {
      action: "audit.view",
      recordType: "audit_log",
      detail: { ...filter, ...(before ? { before } : {}) },
    });
    return searchAuditLog(tx, filter, before);
  });
  const exportParams = new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => Boolean(e[1])));
  return { ...page, form, choices: auditFilterChoices(db), exportQuery: exportParams.toString() };
}

function olderLink(form: Record<string, string | undefined>, lastSeq: number) {
  const params = new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => Boolean(e[1])));
  params.set("before", String(lastSeq));
  return `/admin/audit?${params}`;
}

function AuditDetail({ detail }: { detail: unknown }) {
  const lines = detailLines(detail);
  if (!lines.length) return null;
  return (
    <dl className="space-y-1">
      {lines.map((l, i) => (
        <div key={i}>
          <dt className="inline font-semibold">{l.label}: </dt>
          <dd className="inline break-words">{l.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function AuditLog() {
  const { events, hasMore, form, choices, exportQuery } = useLoaderData<typeof loader>();
  const actionFamilies = [...new Set(choices.actions.map((a) => `${a.split(".")[0]}.`))];
  const actionOptions = [
    ...actionFamilies.map((f) => ({ value: f, label: `${auditFamilyLabel(f)}: everything` })),
    ...choices.actions.map((a) => ({ value: a, label: auditActionLabel(a) })),
  ];
  return (
    <AdminPage
      title="Audit log"
      lead="Every read of a person's record and every change: who, when, from where. Your viewing is recorded here too."
      actions={
        <a href={`/admin/audit/export${exportQuery ? `?${exportQuery}` : ""}`} className="button-secondary" download>
          Export these as CSV
        </a>
      }
    >
      <Form
        method="get"
        className="card mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
        role="search"
        aria-label="Filter the audit log"
      >
        <SelectField
          name="userId"
          label="User"
          placeholder="Anyone"
          defaultValue={form.userId}
          options={choices.users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        />
        <SelectField
          name="organisationId"
          label="Organisation"
          placeholder="Any"
          defaultValue={form.organisationId}
          options={choices.organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <SelectField
          name="action"
          label="Action"
          placeholder="Any"
          defaultValue={form.action}
          options={actionOptions}
        />
        <TextField name="personId" label="Person record id" defaultValue={form.personId} spellCheck={false} />
        <TextField name="recordId" label="Record id" defaultValue={form.recordId} spellCheck={false} />
        <TextField name="from" label="From" type="date" defaultValue={form.from} />
        <TextField name="to" label="To" type="date" defaultValue={form.to} />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button-secondary">
            Show
          </button>
          <Link to="/admin/audit" className="self-center">
            Clear
          </Link>
        </div>
      </Form>
      {events.length ? (
        <ScrollsSideways label="Audit events" className="card">
          <table className="table min-w-[40rem]">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">From</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.seq}>
                  <td className="whitespace-nowrap">{formatDateTime(e.at)}</td>
                  <td>
                    {e.userName ?? (e.userId ? e.userId : "Nobody signed in")}
                    {e.organisationName ? (
                      <span className="block text-sm text-slate-700">{e.organisationName}</span>
                    ) : null}
                  </td>
                  <td>{auditActionLabel(e.action)}</td>
                  <td className="break-all text-sm">
                    {e.recordType ? `${e.recordType.replace(/_/g, " ")} ` : ""}
                    {e.recordId}
                    {e.personId ? (
                      <span className="block">
                        Person <Link to={`/admin/audit?personId=${e.personId}`}>{e.personId}</Link>
                      </span>
                    ) : null}
                  </td>
                  <td className="text-sm">{e.ipAddress}</td>
                  <td className="max-w-xs text-sm">
                    <AuditDetail detail={e.detail} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {hasMore ? (
            <p className="mt-4">
              <Link to={olderLink(form, events[events.length - 1].seq)}>Older events</Link>
            </p>
          ) : null}
        </ScrollsSideways>
      ) : (
        <EmptyState title="No events match these filters">Widen the dates or clear a filter.</EmptyState>
      )}
    </AdminPage>
  );
}
