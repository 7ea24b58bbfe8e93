import { produceSubjectAccess } from "~/domain/subject-access.server";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { invariantResponse } from "~/server/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** Everything held about the person, as a JSON file to give them. */
export async function loader(args: LoaderFunctionArgs) {
  const { audit, user, organisation } = await requirePermission(args, "admin:use");
  const personId = args.params.personId ?? "";
  const record = produceSubjectAccess(getDb(), audit, personId, "download");
  invariantResponse(record, "Not found", { status: 404 });
  const body = {
    about: "Everything Pathway, the arrest referral system, holds about you (UK GDPR article 15).",
    generatedBy: { name: user.name, organisation: organisation.name },
    ...record,
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-subject-access-${personId}.json"`,
    },
  });
}
