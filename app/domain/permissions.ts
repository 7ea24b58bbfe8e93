// "May this user do X to this record?" — answered in one place from the user's role and
// their organisation's links. Pure: the links are loaded once per request (permissions.server).
import type { Role } from "#db/schema";

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
  | {
      type: "arrestReferral";
      custodyCentreId: string;
      /** Services that hold an onward referral from this arrest referral. */
      serviceIds: readonly string[];
    }
  | {
      type: "person";
      /** Centres where the person has an arrest referral. */
      custodyCentreIds: readonly string[];
      /** Services that hold an onward referral for the person. */
      serviceIds: readonly string[];
    }
  | { type: "onwardReferral"; serviceId: string; custodyCentreId: string }
  | { type: "service"; id: string }
  | { type: "area"; id: string };

export type Action =
  | "custody:use"
  | "custody:record-offer"
  | "custody:record-release"
  | "referral:view"
  | "referral:work"
  | "person:view"
  | "worker:use"
  | "onward-referral:view"
  | "onward-referral:respond"
  | "service-inbox:use"
  | "directory:view"
  | "dashboard:view"
  | "throughput:manage"
  | "admin:use";

/** allow; forbidden (403: the role never may); not_found (404: outside the user's reach). */
export type Decision = "allow" | "forbidden" | "not_found";

const rolesFor: Record<Action, readonly Role[]> = {
  "custody:use": ["custody_officer"],
  "custody:record-offer": ["custody_officer"],
  "custody:record-release": ["custody_officer", "referral_worker"],
  "referral:view": ["custody_officer", "referral_worker", "service_worker"],
  "referral:work": ["referral_worker"],
  "person:view": ["custody_officer", "referral_worker", "service_worker"],
  "worker:use": ["referral_worker"],
  "onward-referral:view": ["referral_worker", "service_worker"],
  "onward-referral:respond": ["service_worker"],
  "service-inbox:use": ["service_worker"],
  "directory:view": ["referral_worker", "service_worker", "administrator"],
  "dashboard:view": ["commissioner", "administrator"],
  // Monthly custody throughput: administrators for every centre, police for their own force's.
  "throughput:manage": ["custody_officer", "administrator"],
  "admin:use": ["administrator"],
};

function reaches(actor: Actor, resource: Resource): boolean {
  switch (resource.type) {
    case "custodyCentre":
      // An administrator reaches every centre; their role's actions limit what they do there.
      return actor.role === "administrator" || actor.centreIds.has(resource.id);
    case "arrestReferral":
      if (actor.role === "service_worker") return resource.serviceIds.some((id) => actor.serviceIds.has(id));
      return actor.centreIds.has(resource.custodyCentreId);
    case "person":
      if (actor.role === "service_worker") return resource.serviceIds.some((id) => actor.serviceIds.has(id));
      return resource.custodyCentreIds.some((id) => actor.centreIds.has(id));
    case "onwardReferral":
      if (actor.role === "service_worker") return actor.serviceIds.has(resource.serviceId);
      return actor.centreIds.has(resource.custodyCentreId);
    case "service":
      // The directory is shared; only its own organisation's services are a service worker's.
      return actor.role !== "service_worker" || actor.serviceIds.has(resource.id);
    case "area":
      return actor.role === "administrator" || actor.fundsAllAreas || actor.areaIds.has(resource.id);
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

export const roleLabels: Record<Role, string> = {
  custody_officer: "Custody officer",
  referral_worker: "Referral worker",
  service_worker: "Service worker",
  commissioner: "Commissioner",
  administrator: "Administrator",
};

/** Where each role lands after signing in. */
export const homeFor: Record<Role, string> = {
  custody_officer: "/custody",
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
      return [{ to: "/commissioner", label: "Dashboard" }];
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
