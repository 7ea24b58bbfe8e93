// "May this user do X to this record?" — answered in one place from the user's role and
// their organisation's links. Pure: the links are loaded once per request (permissions.server).
import type { ConsentScope, Role } from "#db/schema";

export type Actor = {
  userId: string;
  role: Role;
  organisationId: string;
  /** Police: centres the force runs. Referral provider: centres it covers. */
  centreIds: ReadonlySet<string>;
  /** Service provider: the services it runs. */
  serviceIds: ReadonlySet<string>;
  /** Commissioner: areas it funds, with the local authorities inside a funded ADP. */
  areaIds: ReadonlySet<string>;
  fundsAllAreas: boolean;
};

export type Resource =
  | { type: "custodyCentre"; id: string }
  | ({
      type: "arrestReferral";
      /** Services that hold an onward referral from this arrest referral. */
      serviceIds: readonly string[];
    } & ReferralHolders)
  | {
      type: "person";
      /** Centres where the person has an arrest referral. */
      custodyCentreIds: readonly string[];
      /** Providers holding a referral of the person's that did not start in custody. */
      providerOrganisationIds: readonly string[];
      /** Forces whose officers made a naloxone report or patrol referral for the person. */
      policeOrganisationIds: readonly string[];
      /** Services that hold an onward referral for the person. */
      serviceIds: readonly string[];
    }
  | ({ type: "onwardReferral"; serviceId: string } & ReferralHolders)
  | { type: "service"; id: string }
  | { type: "area"; id: string }
  | CampaignResource
  | ConsentResource;

/**
 * Who holds a referral (decision 014): the providers covering its custody centre, or for a
 * referral from outside custody the provider named on it; and the force that made it.
 */
export type ReferralHolders = {
  custodyCentreId: string | null;
  providerOrganisationId: string | null;
  policeOrganisationId: string | null;
};

/** An outreach campaign: its force's, and seen by its named partners (campaigns.server campaignResource). */
export type CampaignResource = {
  type: "campaign";
  policeOrganisationId: string;
  providerOrganisationId: string;
  commissionerOrganisationId: string | null;
};

/** A consent, reached through the arrest referral it was recorded on. */
export type ConsentResource = {
  type: "consent";
  scope: ConsentScope;
  /** The centre of the arrest referral the consent was recorded on (null: none). */
  custodyCentreId: string | null;
  /** The provider named on that referral when it did not start in custody. */
  providerOrganisationId: string | null;
  /** The force whose officer made that referral on patrol (or a naloxone report): null for custody's. */
  policeOrganisationId: string | null;
  /** For sharing an assessment: the service the consent names. */
  serviceId: string | null;
};

export type Action =
  | "custody:use"
  | "custody:record-offer"
  | "custody:record-release"
  | "naloxone:report"
  | "police:use"
  | "patrol:refer"
  | "referral:view"
  | "referral:work"
  | "person:view"
  | "worker:use"
  | "onward-referral:view"
  | "onward-referral:respond"
  | "consent:change"
  | "service-inbox:use"
  | "directory:view"
  | "dashboard:view"
  | "throughput:manage"
  | "person:merge"
  | "admin:use"
  | "campaign:manage"
  | "campaign:approve"
  | "campaign-results:view";

/** allow; forbidden (403: the role never may); not_found (404: outside the user's reach). */
export type Decision = "allow" | "forbidden" | "not_found";

const rolesFor: Record<Action, readonly Role[]> = {
  "custody:use": ["custody_officer"],
  "custody:record-offer": ["custody_officer"],
  "custody:record-release": ["custody_officer", "referral_worker"],
  // A naloxone administration report: any officer of a police organisation (decision 029).
  "naloxone:report": ["custody_officer", "police_officer"],
  "referral:view": ["custody_officer", "police_officer", "referral_worker", "service_worker"],
  "referral:work": ["referral_worker"],
  "person:view": ["custody_officer", "police_officer", "referral_worker", "service_worker"],
  // The doors into support outside custody that officers open (naloxone reports, patrol).
  "police:use": ["custody_officer", "police_officer"],
  // A community referral made on patrol straight to a service (issue 20, decision 030).
  "patrol:refer": ["custody_officer", "police_officer"],
  "worker:use": ["referral_worker"],
  "onward-referral:view": ["referral_worker", "service_worker"],
  "onward-referral:respond": ["service_worker"],
  // Recording and withdrawing consents on a case: the provider holding the case.
  "consent:change": ["referral_worker"],
  "service-inbox:use": ["service_worker"],
  "directory:view": ["referral_worker", "service_worker", "administrator"],
  "dashboard:view": ["commissioner", "administrator"],
  // Monthly custody throughput: administrators for every centre, police for their own force's.
  "throughput:manage": ["custody_officer", "administrator"],
  // Merging duplicate people (and undoing it): administrators, who reach every person.
  "person:merge": ["administrator"],
  "admin:use": ["administrator"],
  // Outreach campaigns: a force's police officers run them; an administrator approves the text.
  "campaign:manage": ["police_officer"],
  "campaign:approve": ["administrator"],
  // A campaign's results: its police organisation and named partners (the resource decides which).
  "campaign-results:view": ["custody_officer", "police_officer", "referral_worker", "commissioner", "administrator"],
};

/** Does the actor's organisation hold this referral (as its provider, or the force that made it)? */
function holds(actor: Actor, referral: ReferralHolders): boolean {
  if (referral.custodyCentreId !== null && actor.centreIds.has(referral.custodyCentreId)) return true;
  switch (actor.role) {
    case "referral_worker":
      return referral.providerOrganisationId === actor.organisationId;
    case "custody_officer":
    case "police_officer":
      return referral.policeOrganisationId === actor.organisationId;
    default:
      return false;
  }
}

function reaches(actor: Actor, resource: Resource): boolean {
  switch (resource.type) {
    case "custodyCentre":
      // An administrator reaches every centre; their role's actions limit what they do there.
      return actor.role === "administrator" || actor.centreIds.has(resource.id);
    case "arrestReferral":
      if (actor.role === "service_worker") return resource.serviceIds.some((id) => actor.serviceIds.has(id));
      return holds(actor, resource);
    case "person":
      if (actor.role === "administrator") return true;
      if (actor.role === "service_worker") return resource.serviceIds.some((id) => actor.serviceIds.has(id));
      if (resource.custodyCentreIds.some((id) => actor.centreIds.has(id))) return true;
      if (actor.role === "referral_worker") return resource.providerOrganisationIds.includes(actor.organisationId);
      if (actor.role === "custody_officer" || actor.role === "police_officer")
        return resource.policeOrganisationIds.includes(actor.organisationId);
      return false;
    case "onwardReferral":
      if (actor.role === "service_worker") return actor.serviceIds.has(resource.serviceId);
      return holds(actor, resource);
    case "service":
      // The directory is shared; only its own organisation's services are a service worker's.
      return actor.role !== "service_worker" || actor.serviceIds.has(resource.id);
    case "area":
      return actor.role === "administrator" || actor.fundsAllAreas || actor.areaIds.has(resource.id);
    case "consent":
      return consentRelation(actor, resource) === "own_provider";
    case "campaign":
      return (
        actor.role === "administrator" ||
        [resource.policeOrganisationId, resource.providerOrganisationId, resource.commissionerOrganisationId].includes(
          actor.organisationId,
        )
      );
  }
}

export function decide(actor: Actor, action: Action, resource?: Resource): Decision {
  if (!rolesFor[action].includes(actor.role)) return "forbidden";
  if (resource && !reaches(actor, resource)) return "not_found";
  return "allow";
}

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return decide(actor, action, resource) === "allow";
}

// ---------------------------------------------------------------- what each consent lets people see

/** How someone stands to a consent. */
export type ConsentRelation =
  | "own_provider" // a referral worker at the provider holding the case the consent was recorded on
  | "other_provider" // a referral worker at another provider (a case of theirs for the same person)
  | "named_service" // a service worker at the service a sharing consent names
  | "other_service"
  | "custody" // a custody officer (the person back in any custody centre)
  | "referring_police" // an officer of the force that made the referral the consent was recorded on (patrol)
  | "commissioner"
  | "administrator";

/**
 * What may be seen, beyond the person's identity on a case the viewer already reaches:
 * - consent: the consent itself (what, when, by whom, withdrawn);
 * - assessment: the need levels, AUDIT-C and notes of the assessment on the consent's case;
 * - shared_sections: the assessment sections the consent names, and nothing else of it;
 * - outcomes: the state of the person's onward referrals (service, kind, status);
 * - contact: how the person agreed to be contacted.
 */
export type ConsentPart = "consent" | "assessment" | "shared_sections" | "outcomes" | "contact";

/**
 * The one table of what each consent lets each kind of viewer see (docs/security.md shows it).
 * A consent's wording names who it is for: no consent names another referral provider, so
 * another provider sees nothing of a case that is not theirs.
 */
export const consentVisibility: Record<ConsentScope, Record<ConsentRelation, readonly ConsentPart[]>> = {
  speak_to_worker: {
    own_provider: ["consent", "assessment", "outcomes"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
  share_assessment_with_service: {
    own_provider: ["consent"],
    other_provider: [],
    named_service: ["consent", "shared_sections"],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
  contact_after_release: {
    own_provider: ["consent", "contact"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
  share_outcomes_with_custody: {
    own_provider: ["consent"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: ["outcomes"],
    // The referring force's officers are custody too, should the person come back.
    referring_police: ["outcomes"],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
  // The person's agreement on patrol to be referred to the named service (and, with contactMethod
  // "phone", to be phoned by it): the service sees who they are and how to reach them.
  refer_to_service: {
    own_provider: [],
    other_provider: [],
    named_service: ["consent", "contact"],
    other_service: [],
    custody: [],
    referring_police: ["consent"],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
  // The person agreed the force whose officer referred them may see how the referral went.
  share_outcomes_with_police: {
    own_provider: [],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: ["consent", "outcomes"],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
  // Asked for help on the public page: to be contacted by the provider who answers, in the way
  // the person chose. It stands for speak_to_worker and contact_after_release together.
  self_referral: {
    own_provider: ["consent", "assessment", "outcomes", "contact"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ["consent", "assessment", "outcomes", "contact"],
  },
};

export function consentResource(
  consent: { scope: ConsentScope; serviceId: string | null },
  referral: {
    custodyCentreId: string | null;
    providerOrganisationId: string | null;
    policeOrganisationId?: string | null;
  } | null,
): ConsentResource {
  return {
    type: "consent",
    scope: consent.scope,
    custodyCentreId: referral?.custodyCentreId ?? null,
    providerOrganisationId: referral?.providerOrganisationId ?? null,
    policeOrganisationId: referral?.policeOrganisationId ?? null,
    serviceId: consent.serviceId,
  };
}

export function consentRelation(actor: Actor, consent: ConsentResource): ConsentRelation {
  switch (actor.role) {
    case "administrator":
      return "administrator";
    case "commissioner":
      return "commissioner";
    case "custody_officer":
    case "police_officer":
      return consent.policeOrganisationId !== null && consent.policeOrganisationId === actor.organisationId
        ? "referring_police"
        : "custody";
    case "referral_worker":
      return (consent.custodyCentreId !== null && actor.centreIds.has(consent.custodyCentreId)) ||
        consent.providerOrganisationId === actor.organisationId
        ? "own_provider"
        : "other_provider";
    case "service_worker":
      return consent.serviceId !== null && actor.serviceIds.has(consent.serviceId) ? "named_service" : "other_service";
  }
}

/** May this person see `part` of what the consent covers? */
export function consentAllows(actor: Actor, consent: ConsentResource, part: ConsentPart): boolean {
  return consentVisibility[consent.scope][consentRelation(actor, consent)].includes(part);
}

export const roleLabels: Record<Role, string> = {
  custody_officer: "Custody officer",
  police_officer: "Police officer",
  referral_worker: "Referral worker",
  service_worker: "Service worker",
  commissioner: "Commissioner",
  administrator: "Administrator",
};

/** Where each role lands after signing in. */
export const homeFor: Record<Role, string> = {
  custody_officer: "/custody",
  police_officer: "/police",
  referral_worker: "/worker/queue",
  service_worker: "/service/inbox",
  commissioner: "/commissioner",
  administrator: "/admin",
};

export type NavigationItem = { to: string; label: string };

/** What the header navigation offers each role: only what that role can use. */
export function navigationFor(role: Role): NavigationItem[] {
  switch (role) {
    case "custody_officer":
      return [
        { to: "/custody", label: "Custody centre" },
        { to: "/custody/throughput", label: "Throughput" },
        { to: "/police", label: "Patrol and naloxone" },
        { to: "/search", label: "Search" },
      ];
    case "police_officer":
      return [
        { to: "/police", label: "Patrol and naloxone" },
        { to: "/police/campaigns", label: "Outreach campaigns" },
        { to: "/search", label: "Search" },
      ];
    case "referral_worker":
      return [
        { to: "/worker/queue", label: "Queue" },
        { to: "/search", label: "Search" },
        { to: "/directory", label: "Service directory" },
      ];
    case "service_worker":
      return [
        { to: "/service/inbox", label: "Inbox" },
        { to: "/service/uploads", label: "Upload outcomes" },
        { to: "/search", label: "Search" },
        { to: "/directory", label: "Service directory" },
      ];
    case "commissioner":
      return [
        { to: "/commissioner", label: "Dashboard" },
        { to: "/commissioner/nfo", label: "Near-fatal overdoses" },
      ];
    case "administrator":
      return [
        { to: "/admin", label: "Administration" },
        { to: "/directory", label: "Service directory" },
      ];
  }
}

/** The navigation item for a page: the longest one whose address the page's begins with. */
export function currentNavigationItem(items: NavigationItem[], pathname: string): NavigationItem | undefined {
  return items
    .filter((item) => pathname === item.to || pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];
}
