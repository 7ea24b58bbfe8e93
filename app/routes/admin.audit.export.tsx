import { parseAuditFilter, toAuditFilter } from "~/domain/audit-filter";
import { auditLogCsv } from "~/domain/audit-log.server";
import { recordAudit } from "~/domain/audit.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** The filtered audit log as CSV; exporting it is recorded in it. */
export async function loader(args: LoaderFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const filter = toAuditFilter(parseAuditFilter(new URL(args.request.url).searchParams));
  const { csv, rowCount, isTruncated } = getDb().transaction((tx) => {
    recordAudit(tx, audit, { action: "audit.export", recordType: "audit_log", detail: { ...filter } });
    return auditLogCsv(tx, filter);
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-audit-${stamp}.csv"`,
      "X-Row-Count": String(rowCount),
      ...(isTruncated ? { "X-Truncated": "true" } : {}),
    },
  });
}
