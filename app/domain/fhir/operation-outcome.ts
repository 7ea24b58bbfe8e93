// FHIR errors: every failure of the API answers with an OperationOutcome and the right status.
import type { OperationOutcome } from "@medplum/fhirtypes";

export type IssueCode =
  | "security"
  | "login"
  | "too-costly"
  | "not-found"
  | "invalid"
  | "structure"
  | "required"
  | "value"
  | "conflict"
  | "business-rule"
  | "not-supported"
  | "processing"
  | "exception";

export type { OperationOutcome };

export function operationOutcome(code: IssueCode, diagnostics: string, expression?: string): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity: "error", code, diagnostics, ...(expression ? { expression: [expression] } : {}) }],
  };
}

/** A warning that travels with an answer (in a searchset Bundle, as an entry with search.mode "outcome"). */
export function warningOutcome(code: IssueCode, diagnostics: string, expression?: string): OperationOutcome {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity: "warning", code, diagnostics, ...(expression ? { expression: [expression] } : {}) }],
  };
}

/** A refusal the API can throw from anywhere and the route turns into a response. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    message: string,
    readonly expression?: string,
  ) {
    super(message);
    this.name = "FhirError";
  }
  get outcome() {
    return operationOutcome(this.code, this.message, this.expression);
  }
}

export const FHIR_JSON = "application/fhir+json; charset=utf-8";

/** A FHIR JSON response that no cache may keep (it can hold personal data). */
export function fhirResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": FHIR_JSON, "Cache-Control": "no-store", ...headers },
  });
}

export function errorResponse(error: FhirError) {
  return fhirResponse(
    error.outcome,
    error.status,
    error.status === 401 ? { "WWW-Authenticate": 'Bearer realm="pathway"' } : {},
  );
}
