import { recordAudit } from "~/domain/audit.server";
import { exportDirectory } from "~/domain/directory-import.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** The directory as an Open Referral HSDS 3.0 JSON file. */
export async function loader(args: LoaderFunctionArgs) {
  const { audit } = await requirePermission(args, "admin:use");
  const db = getDb();
  const document = db.transaction((tx) => {
    const exported = exportDirectory(tx);
    recordAudit(tx, audit, {
      action: "directory.export",
      recordType: "directory",
      detail: { services: exported.total_items },
    });
    return exported;
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-directory-${date}.hsds.json"`,
    },
  });
}
