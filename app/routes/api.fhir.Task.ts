// GET /api/fhir/Task: a searchset Bundle of the calling service's own Tasks. See docs/api.md.
import { authenticateApiKey } from "~/domain/api-keys.server";
import { FhirError, errorResponse, fhirResponse } from "~/domain/fhir/operation-outcome";
import { parseTaskSearch, searchTasks } from "~/domain/fhir/tasks.server";
import { getDb } from "~/server/db.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    const db = getDb();
    const client = authenticateApiKey(db, request.headers.get("Authorization"));
    if (!client) throw new FhirError(401, "login", "Send a valid API key as Authorization: Bearer <key>.");
    const url = new URL(request.url);
    return fhirResponse(searchTasks(db, client, parseTaskSearch(url.searchParams), url, context.clientAddress ?? null));
  } catch (error) {
    if (error instanceof FhirError) return errorResponse(error);
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const client = authenticateApiKey(getDb(), request.headers.get("Authorization"));
  if (!client)
    return errorResponse(new FhirError(401, "login", "Send a valid API key as Authorization: Bearer <key>."));
  return errorResponse(
    new FhirError(
      405,
      "not-supported",
      "Tasks are created in Pathway by referral workers; services read and update them.",
    ),
  );
}
