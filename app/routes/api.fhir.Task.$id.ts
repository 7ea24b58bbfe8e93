// GET /api/fhir/Task/{id} reads one of the calling service's Tasks; PATCH (JSON Patch)
// reports its status and outcomes. See docs/api.md.
import { authenticateApiKey } from "~/domain/api-keys.server";
import { FhirError, errorResponse, fhirResponse } from "~/domain/fhir/operation-outcome";
import type { FhirTask } from "~/domain/fhir/task";
import { patchTask, readTask } from "~/domain/fhir/tasks.server";
import { getDb } from "~/server/db.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

const MAX_BODY_BYTES = 256 * 1024;

function requireClient(request: Request) {
  const client = authenticateApiKey(getDb(), request.headers.get("Authorization"));
  if (!client) throw new FhirError(401, "login", "Send a valid API key as Authorization: Bearer <key>.");
  return client;
}

const taskResponse = (task: FhirTask) => {
  const meta = task.meta as { versionId: string; lastUpdated: string };
  return fhirResponse(task, 200, {
    ETag: `W/"${meta.versionId}"`,
    "Last-Modified": new Date(meta.lastUpdated).toUTCString(),
  });
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const client = requireClient(request);
    return taskResponse(readTask(getDb(), client, params.id ?? "", context.clientAddress ?? null));
  } catch (error) {
    if (error instanceof FhirError) return errorResponse(error);
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  try {
    const client = requireClient(request);
    if (request.method !== "PATCH") {
      throw new FhirError(
        405,
        "not-supported",
        "Update a Task with PATCH and a JSON Patch body (application/json-patch+json).",
      );
    }
    const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json-patch+json" && type !== "application/json") {
      throw new FhirError(415, "not-supported", "Send the patch as application/json-patch+json.");
    }
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) throw new FhirError(413, "too-costly", "The patch is too large.");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new FhirError(400, "structure", "The body is not valid JSON.");
    }
    const task = patchTask(getDb(), client, params.id ?? "", body, {
      ifMatch: request.headers.get("If-Match"),
      ipAddress: context.clientAddress ?? null,
    });
    return taskResponse(task);
  } catch (error) {
    if (error instanceof FhirError) return errorResponse(error);
    throw error;
  }
}
