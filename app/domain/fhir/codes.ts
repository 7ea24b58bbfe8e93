// The code systems and extensions Pathway's FHIR resources use, in one place.
const base = "https://pathway.example/fhir";

export const SYSTEMS = {
  onwardReferral: `${base}/NamingSystem/onward-referral`,
  service: `${base}/NamingSystem/service`,
  outcomeEvent: `${base}/CodeSystem/outcome-event`,
  declineReason: `${base}/CodeSystem/decline-reason`,
  endReason: `${base}/CodeSystem/end-reason`,
  cancelReason: `${base}/CodeSystem/cancel-reason`,
  engagement: `${base}/CodeSystem/engagement-level`,
  needDomain: `${base}/CodeSystem/need-domain`,
  serviceKind: `${base}/CodeSystem/service-kind`,
  taskCode: "http://hl7.org/fhir/CodeSystem/task-code",
} as const;

export const EXTENSIONS = {
  occurredOn: `${base}/StructureDefinition/outcome-occurred-on`,
  place: `${base}/StructureDefinition/appointment-place`,
  note: `${base}/StructureDefinition/outcome-note`,
  reportedBy: `${base}/StructureDefinition/outcome-reported-by`,
} as const;

/** FHIR ids allow [A-Za-z0-9.-]; Pathway ids are base64url, whose "_" becomes ".". */
export const toFhirId = (id: string) => id.replace(/_/g, ".");
export const fromFhirId = (id: string) => id.replace(/\./g, "_");
export const isFhirId = (id: string) => /^[A-Za-z0-9\-.]{1,64}$/.test(id);
