// An onward referral as an HL7 FHIR R4 Task (closed-loop referral): the Task carries the
// status and the outcome events; a contained ServiceRequest says what was asked for; a
// contained Patient holds only what the person agreed to share with that service.
// Pure: the database side is tasks.server.ts.
import type { NeedDomain, OnwardReferralStatus, OutcomeEventKind, ServiceKind } from "#db/schema";
import { needLevelLabels } from "../assessments";
import { needLabels } from "../custody";
import {
  CANCEL_REASONS,
  DECLINE_REASONS,
  END_REASONS,
  ENGAGEMENT_LEVELS,
  eventLeadingTo,
  nextOnwardStatus,
  onwardStatusLabels,
  outcomeEventLabels,
  outcomeEventSchema,
  serviceKindLabels,
  type EndReason,
  type OutcomeEventInput,
} from "../onward-referral-states";
import { EXTENSIONS, SYSTEMS, toFhirId } from "./codes";
import { FhirError } from "./operation-outcome";
import type { AssessmentAnswers } from "../assessments";
import type {
  CodeableConcept,
  Extension,
  Patient,
  Resource,
  ServiceRequest,
  Task,
  TaskOutput,
} from "@medplum/fhirtypes";

export type { TaskOutput };
/** A Task as Pathway writes it: always with an id, and only the statuses of an onward referral. */
export type FhirTask = Task & { id: string; status: OnwardReferralStatus };

export type TaskEvent = {
  kind: OutcomeEventKind;
  detail: Record<string, unknown>;
  occurredOn: string;
  recordedAt: string;
  reportedByOrganisation: string;
};

export type TaskView = {
  id: string;
  version: number;
  status: OnwardReferralStatus;
  statusReason: string | null;
  statusReasonText: string | null;
  needDomain: NeedDomain;
  priority: "routine" | "urgent";
  note: string;
  createdAt: string;
  updatedAt: string;
  serviceId: string;
  serviceName: string;
  serviceKind: ServiceKind;
  serviceOrganisationId: string;
  serviceOrganisationName: string;
  referringOrganisationId: string;
  referringOrganisationName: string;
  /** Null unless the person's consent to share with this service stands. */
  person: { givenName: string; familyName: string; dateOfBirth: string; phone: string | null } | null;
  sharedSections: Partial<AssessmentAnswers> | null;
  events: TaskEvent[];
};

const coding = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
  ...(display ? { text: display } : {}),
});

const reasonSystem = (reason: string) =>
  Object.hasOwn(DECLINE_REASONS, reason)
    ? { system: SYSTEMS.declineReason, label: DECLINE_REASONS[reason as keyof typeof DECLINE_REASONS] }
    : Object.hasOwn(END_REASONS, reason)
      ? { system: SYSTEMS.endReason, label: END_REASONS[reason as keyof typeof END_REASONS] }
      : Object.hasOwn(CANCEL_REASONS, reason)
        ? { system: SYSTEMS.cancelReason, label: CANCEL_REASONS[reason as keyof typeof CANCEL_REASONS] }
        : null;

function requestStatus(status: OnwardReferralStatus): ServiceRequest["status"] {
  if (status === "on-hold") return "on-hold";
  if (status === "completed" || status === "failed") return "completed";
  if (status === "rejected" || status === "cancelled") return "revoked";
  return "active";
}

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

function outputOf(event: TaskEvent): TaskOutput {
  const d = event.detail;
  const extension: Extension[] = [{ url: EXTENSIONS.occurredOn, valueDate: event.occurredOn }];
  const note = str(d.note) ?? str(d.reasonText);
  if (str(d.place)) extension.push({ url: EXTENSIONS.place, valueString: String(d.place) });
  if (note) extension.push({ url: EXTENSIONS.note, valueString: note });
  extension.push({ url: EXTENSIONS.reportedBy, valueString: event.reportedByOrganisation });
  const output: TaskOutput = {
    extension,
    type: coding(SYSTEMS.outcomeEvent, event.kind, outcomeEventLabels[event.kind]),
  };
  const code = (system: string, labels: Record<string, string>, value: unknown) =>
    typeof value === "string" && Object.hasOwn(labels, value) ? coding(system, value, labels[value]) : undefined;
  const concept =
    event.kind === "declined"
      ? code(SYSTEMS.declineReason, DECLINE_REASONS, d.reason)
      : event.kind === "ended"
        ? code(SYSTEMS.endReason, END_REASONS, d.endReason)
        : event.kind === "cancelled"
          ? code(SYSTEMS.cancelReason, CANCEL_REASONS, d.reason)
          : event.kind === "engagement_check_4_weeks" || event.kind === "engagement_check_12_weeks"
            ? code(SYSTEMS.engagement, ENGAGEMENT_LEVELS, d.engagement)
            : undefined;
  if (concept) output.valueCodeableConcept = concept;
  else if (event.kind === "appointment_booked" && str(d.appointmentAt)) output.valueDateTime = String(d.appointmentAt);
  else output.valueDate = event.occurredOn;
  return output;
}

function sectionNotes(sections: Partial<AssessmentAnswers> | null) {
  if (!sections) return [];
  return Object.entries(sections).flatMap(([domain, section]) => {
    const s = section as { level?: keyof typeof needLevelLabels; notes?: string } | undefined;
    if (!s) return [];
    const level = s.level ? `need ${needLevelLabels[s.level].toLowerCase()}` : "need level not recorded";
    return [
      {
        text: `Shared from the needs assessment: ${needLabels[domain as NeedDomain]} (${level})${s.notes ? `. ${s.notes}` : ""}`,
      },
    ];
  });
}

/** The Task for an onward referral; `baseUrl` ends in /api/fhir. */
export function toTask(view: TaskView): FhirTask {
  const patientRef = view.person
    ? { reference: "#patient" }
    : { display: "Not shared: the person has not agreed to share their details with this service" };
  const requester = {
    reference: `Organization/${toFhirId(view.referringOrganisationId)}`,
    display: view.referringOrganisationName,
  };
  const serviceRequest: ServiceRequest = {
    resourceType: "ServiceRequest",
    id: "request",
    status: requestStatus(view.status),
    intent: "order",
    priority: view.priority,
    category: [coding(SYSTEMS.serviceKind, view.serviceKind, serviceKindLabels[view.serviceKind])],
    code: coding(SYSTEMS.needDomain, view.needDomain, needLabels[view.needDomain]),
    subject: patientRef,
    authoredOn: view.createdAt,
    requester,
    performer: [{ identifier: { system: SYSTEMS.service, value: view.serviceId }, display: view.serviceName }],
  };
  const notes = [
    ...(view.note ? [{ text: `From the referring worker: ${view.note}` }] : []),
    ...sectionNotes(view.sharedSections),
  ];
  if (notes.length) serviceRequest.note = notes;

  const contained: Resource[] = [serviceRequest];
  if (view.person) {
    const patient: Patient = {
      resourceType: "Patient",
      id: "patient",
      name: [{ family: view.person.familyName, given: [view.person.givenName] }],
      birthDate: view.person.dateOfBirth,
      ...(view.person.phone ? { telecom: [{ system: "phone", value: view.person.phone, use: "mobile" }] } : {}),
    };
    contained.push(patient);
  }

  const task: FhirTask = {
    resourceType: "Task",
    id: toFhirId(view.id),
    meta: { versionId: String(view.version), lastUpdated: view.updatedAt },
    contained,
    identifier: [{ system: SYSTEMS.onwardReferral, value: view.id }],
    status: view.status,
    intent: "order",
    priority: view.priority,
    code: coding(SYSTEMS.taskCode, "fulfill", "Fulfill the focal request"),
    description: `${needLabels[view.needDomain]} referral to ${view.serviceName}: ${onwardStatusLabels[view.status].toLowerCase()}`,
    focus: { reference: "#request" },
    for: patientRef,
    authoredOn: view.createdAt,
    lastModified: view.updatedAt,
    requester,
    owner: { reference: `Organization/${toFhirId(view.serviceOrganisationId)}`, display: view.serviceOrganisationName },
  };
  if (view.statusReason) {
    const known = reasonSystem(view.statusReason);
    task.statusReason = known
      ? {
          ...coding(known.system, view.statusReason, known.label),
          ...(view.statusReasonText ? { text: view.statusReasonText } : {}),
        }
      : { text: view.statusReasonText ?? view.statusReason };
  } else if (view.statusReasonText) {
    task.statusReason = { text: view.statusReasonText };
  }
  const last = view.events[view.events.length - 1];
  if (last) task.businessStatus = coding(SYSTEMS.outcomeEvent, last.kind, outcomeEventLabels[last.kind]);
  if (view.events.length) task.output = view.events.map(outputOf);
  return task;
}

// ---------------------------------------------------------------- reading changes back

const codeIn = (concept: unknown, system: string): string | undefined => {
  const codings = (concept as CodeableConcept | undefined)?.coding;
  return Array.isArray(codings) ? codings.find((c) => c?.system === system)?.code : undefined;
};

const extensionValue = (output: TaskOutput, url: string) => {
  const found = output.extension?.find((e) => e?.url === url);
  return found?.valueString ?? found?.valueDate ?? found?.valueDateTime;
};

/** A new Task.output entry from a service's system, read as an outcome event. */
export function eventFromOutput(output: TaskOutput, today: string, expression: string): OutcomeEventInput {
  if (!output || typeof output !== "object")
    throw new FhirError(422, "structure", "An output must be an object.", expression);
  const kind = codeIn(output.type, SYSTEMS.outcomeEvent);
  if (!kind)
    throw new FhirError(
      422,
      "required",
      `Task.output.type needs a coding from ${SYSTEMS.outcomeEvent}.`,
      `${expression}.type`,
    );
  if (kind === "cancelled")
    throw new FhirError(
      422,
      "business-rule",
      "Only the referrer can cancel a referral; decline it or end it instead.",
      `${expression}.type`,
    );
  const occurredOn =
    extensionValue(output, EXTENSIONS.occurredOn) ??
    (typeof output.valueDate === "string" ? output.valueDate : undefined) ??
    today;
  const note = extensionValue(output, EXTENSIONS.note);
  const concept = output.valueCodeableConcept;
  const candidate: Record<string, unknown> = { kind, occurredOn };
  switch (kind) {
    case "declined":
      Object.assign(candidate, { reason: codeIn(concept, SYSTEMS.declineReason), reasonText: note });
      break;
    case "ended":
      Object.assign(candidate, { endReason: codeIn(concept, SYSTEMS.endReason), note });
      break;
    case "engagement_check_4_weeks":
    case "engagement_check_12_weeks":
      Object.assign(candidate, { engagement: codeIn(concept, SYSTEMS.engagement), note });
      break;
    case "appointment_booked":
      Object.assign(candidate, {
        appointmentAt: output.valueDateTime,
        place: extensionValue(output, EXTENSIONS.place),
      });
      break;
    case "on_hold":
      Object.assign(candidate, { reasonText: note });
      break;
    default:
      Object.assign(candidate, { note });
  }
  const parsed = outcomeEventSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? "type");
    throw new FhirError(422, "invalid", `${issue.message} (${field}).`, expression);
  }
  return parsed.data;
}

const PATHWAY_STATUSES: readonly string[] = [
  "requested",
  "accepted",
  "rejected",
  "in-progress",
  "on-hold",
  "completed",
  "failed",
  "cancelled",
];

/**
 * What a status change means as an outcome event, after any outputs sent with it. The state
 * machine (`eventLeadingTo`) says which event, if any, leads from `from` to `to`; refused
 * changes are 409, ones that lack the reason they need 422.
 */
export function eventForStatusChange(
  from: OnwardReferralStatus,
  to: string,
  statusReason: CodeableConcept | undefined,
  today: string,
  hasAttended: boolean,
): OutcomeEventInput | null {
  if (from === to) return null;
  if (to === "cancelled") {
    throw new FhirError(
      422,
      "business-rule",
      "Only the referrer can cancel a referral; set rejected or failed instead.",
      "Task.status",
    );
  }
  if (!PATHWAY_STATUSES.includes(to))
    throw new FhirError(422, "value", `“${to}” is not a Task status Pathway uses.`, "Task.status");
  const target = to as OnwardReferralStatus;
  const reasonText = statusReason?.text;
  const endReason = codeIn(statusReason, SYSTEMS.endReason);
  const knownEndReason = endReason && Object.hasOwn(END_REASONS, endReason) ? (endReason as EndReason) : undefined;
  // Whether any event leads there at all: for an end, whichever reason gives that status.
  const kind = eventLeadingTo(from, target, "service", {
    hasAttended,
    endReason: knownEndReason ?? (target === "completed" ? "completed" : "disengaged"),
  });
  if (!kind) {
    throw new FhirError(409, "business-rule", `A referral that is ${from} cannot become ${to}.`, "Task.status");
  }
  switch (kind) {
    case "declined": {
      const reason = codeIn(statusReason, SYSTEMS.declineReason);
      if (!reason || !Object.hasOwn(DECLINE_REASONS, reason)) {
        throw new FhirError(
          422,
          "required",
          `Rejecting needs Task.statusReason with a code from ${SYSTEMS.declineReason}.`,
          "Task.statusReason",
        );
      }
      return { kind, occurredOn: today, reason: reason as keyof typeof DECLINE_REASONS, reasonText };
    }
    case "ended": {
      if (!knownEndReason) {
        throw new FhirError(
          422,
          "required",
          `Ending needs Task.statusReason with a code from ${SYSTEMS.endReason}.`,
          "Task.statusReason",
        );
      }
      const change = nextOnwardStatus(from, "ended", "service", { endReason: knownEndReason });
      if (change.ok && change.status !== target) {
        throw new FhirError(
          409,
          "business-rule",
          `The end reason “${knownEndReason}” means ${change.status}, not ${to}.`,
          "Task.status",
        );
      }
      return { kind, occurredOn: today, endReason: knownEndReason, note: reasonText };
    }
    case "on_hold":
      return { kind, occurredOn: today, reasonText };
    case "accepted":
    case "resumed":
    case "attended":
      return { kind, occurredOn: today };
    default:
      throw new FhirError(409, "business-rule", `A referral that is ${from} cannot become ${to}.`, "Task.status");
  }
}
