import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { ROLES } from "#db/schema";
import {
  currentNavigationItem,
  decide,
  homeFor,
  navigationFor,
  type Action,
  type Actor,
  type Decision,
  type Resource,
} from "~/domain/permissions";
import { loadActor } from "~/domain/permissions.server";
import { createDemoWorldDb } from "../support/test-db";

const actor = (role: Actor["role"], links: Partial<Actor> = {}): Actor => ({
  userId: `u-${role}`,
  role,
  organisationId: "org",
  centreIds: new Set(),
  serviceIds: new Set(),
  areaIds: new Set(),
  fundsAllAreas: false,
  ...links,
});

const officer = actor("custody_officer", { centreIds: new Set(["centre-a"]) });
const worker = actor("referral_worker", { centreIds: new Set(["centre-a"]) });
const otherWorker = actor("referral_worker", { centreIds: new Set(["centre-b"]) });
const serviceWorker = actor("service_worker", { serviceIds: new Set(["service-1"]) });
const commissioner = actor("commissioner", { areaIds: new Set(["area-1"]) });
const nationalCommissioner = actor("commissioner", { fundsAllAreas: true });
const admin = actor("administrator");

const atCentre = (custodyCentreId: string) => ({
  custodyCentreId,
  providerOrganisationId: null,
  policeOrganisationId: null,
});
const referralAtA: Resource = { type: "arrestReferral", ...atCentre("centre-a"), serviceIds: ["service-1"] };
const referralAtB: Resource = { type: "arrestReferral", ...atCentre("centre-b"), serviceIds: [] };
const personSeenAtA: Resource = {
  type: "person",
  custodyCentreIds: ["centre-a"],
  providerOrganisationIds: [],
  policeOrganisationIds: [],
  serviceIds: [],
};
const onwardToService1: Resource = { type: "onwardReferral", serviceId: "service-1", ...atCentre("centre-a") };
const onwardToService2: Resource = { type: "onwardReferral", serviceId: "service-2", ...atCentre("centre-b") };

// Referrals from outside custody (decision 014): held by a named provider and the force that made them.
const nfoFollowUp: Resource = {
  type: "arrestReferral",
  custodyCentreId: null,
  providerOrganisationId: "org-provider",
  policeOrganisationId: "org-force",
  serviceIds: [],
};
const patrolOnward: Resource = {
  type: "onwardReferral",
  serviceId: "service-1",
  custodyCentreId: null,
  providerOrganisationId: null,
  policeOrganisationId: "org-force",
};
const providerWorker = actor("referral_worker", { organisationId: "org-provider" });
const forceOfficer = actor("police_officer", { organisationId: "org-force", centreIds: new Set(["centre-a"]) });
const forceCustody = actor("custody_officer", { organisationId: "org-force", centreIds: new Set(["centre-a"]) });
const otherForceOfficer = actor("police_officer", { organisationId: "org-other-force" });

const table: [string, Actor, Action, Resource | undefined, Decision][] = [
  [
    "officer records an offer at their force's centre",
    officer,
    "custody:record-offer",
    { type: "custodyCentre", id: "centre-a" },
    "allow",
  ],
  [
    "officer at another force's centre",
    officer,
    "custody:record-offer",
    { type: "custodyCentre", id: "centre-b" },
    "not_found",
  ],
  [
    "worker cannot record an offer",
    worker,
    "custody:record-offer",
    { type: "custodyCentre", id: "centre-a" },
    "forbidden",
  ],
  ["officer views a referral at their centre", officer, "referral:view", referralAtA, "allow"],
  ["the named provider works a follow-up from outside custody", providerWorker, "referral:work", nfoFollowUp, "allow"],
  ["another provider and a follow-up named to someone else", worker, "referral:view", nfoFollowUp, "not_found"],
  ["the reporting force's officer views its follow-up", forceOfficer, "referral:view", nfoFollowUp, "allow"],
  ["the force's custody officer views it too", forceCustody, "referral:view", nfoFollowUp, "allow"],
  ["another force's officer and the follow-up", otherForceOfficer, "referral:view", nfoFollowUp, "not_found"],
  ["a police officer never works a referral", forceOfficer, "referral:work", nfoFollowUp, "forbidden"],
  [
    "an officer does not open the service's side of a patrol referral",
    forceOfficer,
    "onward-referral:view",
    patrolOnward,
    "forbidden",
  ],
  ["a service sees the patrol referral sent to it", serviceWorker, "onward-referral:view", patrolOnward, "allow"],
  ["a provider not named and a patrol referral", providerWorker, "onward-referral:view", patrolOnward, "not_found"],
  [
    "a person known from a follow-up is within the named provider's reach",
    providerWorker,
    "person:view",
    { ...personSeenAtA, custodyCentreIds: [], providerOrganisationIds: ["org-provider"] },
    "allow",
  ],
  [
    "and within the reporting force's",
    forceOfficer,
    "person:view",
    { ...personSeenAtA, custodyCentreIds: [], policeOrganisationIds: ["org-force"] },
    "allow",
  ],
  ["police officers use the patrol and naloxone pages", forceOfficer, "police:use", undefined, "allow"],
  ["custody officers too", forceCustody, "police:use", undefined, "allow"],
  ["a referral worker does not", worker, "police:use", undefined, "forbidden"],
  ["officer views a referral at another force's centre", officer, "referral:view", referralAtB, "not_found"],
  ["worker of a covering provider views the referral", worker, "referral:view", referralAtA, "allow"],
  ["worker of a provider not covering the centre", otherWorker, "referral:view", referralAtA, "not_found"],
  ["worker works a referral at a covered centre", worker, "referral:work", referralAtA, "allow"],
  ["officer cannot work a referral", officer, "referral:work", referralAtA, "forbidden"],
  ["service worker sees a referral sent to their service", serviceWorker, "referral:view", referralAtA, "allow"],
  ["service worker and a referral not sent to them", serviceWorker, "referral:view", referralAtB, "not_found"],
  ["commissioner never sees a referral", commissioner, "referral:view", referralAtA, "forbidden"],
  ["administrator does not open case records", admin, "referral:view", referralAtA, "forbidden"],
  ["commissioner never sees a person", commissioner, "person:view", personSeenAtA, "forbidden"],
  ["worker sees a person referred at a covered centre", worker, "person:view", personSeenAtA, "allow"],
  ["other worker and that person", otherWorker, "person:view", personSeenAtA, "not_found"],
  [
    "service worker responds to their own service's referral",
    serviceWorker,
    "onward-referral:respond",
    onwardToService1,
    "allow",
  ],
  [
    "service worker and another service's referral",
    serviceWorker,
    "onward-referral:respond",
    onwardToService2,
    "not_found",
  ],
  ["worker cannot respond for a service", worker, "onward-referral:respond", onwardToService1, "forbidden"],
  ["worker follows an onward referral they made", worker, "onward-referral:view", onwardToService1, "allow"],
  ["commissioner sees a funded area", commissioner, "dashboard:view", { type: "area", id: "area-1" }, "allow"],
  ["commissioner and an area not funded", commissioner, "dashboard:view", { type: "area", id: "area-2" }, "not_found"],
  [
    "national commissioner sees any area",
    nationalCommissioner,
    "dashboard:view",
    { type: "area", id: "area-2" },
    "allow",
  ],
  ["officer cannot see the dashboard", officer, "dashboard:view", undefined, "forbidden"],
  ["administrator administers", admin, "admin:use", undefined, "allow"],
  ["worker cannot administer", worker, "admin:use", undefined, "forbidden"],
  ["commissioner cannot administer", commissioner, "admin:use", undefined, "forbidden"],
  ["worker uses the queue", worker, "worker:use", undefined, "allow"],
  ["service worker cannot use the queue", serviceWorker, "worker:use", undefined, "forbidden"],
  ["service worker uses the inbox", serviceWorker, "service-inbox:use", undefined, "allow"],
  ["officer cannot use the inbox", officer, "service-inbox:use", undefined, "forbidden"],
  [
    "officer keeps throughput for their force's centre",
    officer,
    "throughput:manage",
    { type: "custodyCentre", id: "centre-a" },
    "allow",
  ],
  [
    "officer and another force's centre's throughput",
    officer,
    "throughput:manage",
    { type: "custodyCentre", id: "centre-b" },
    "not_found",
  ],
  [
    "administrator keeps throughput for any centre",
    admin,
    "throughput:manage",
    { type: "custodyCentre", id: "centre-b" },
    "allow",
  ],
  [
    "worker cannot keep throughput",
    worker,
    "throughput:manage",
    { type: "custodyCentre", id: "centre-a" },
    "forbidden",
  ],
  ["service worker cannot keep throughput", serviceWorker, "throughput:manage", undefined, "forbidden"],
  ["commissioner reads throughput but does not keep it", commissioner, "throughput:manage", undefined, "forbidden"],
  [
    "administrator still cannot record an offer at a centre",
    admin,
    "custody:record-offer",
    { type: "custodyCentre", id: "centre-a" },
    "forbidden",
  ],
];

describe("decide: role × organisation link × action", () => {
  it.each(table)("%s", (_story, who, action, resource, expected) => {
    expect(decide(who, action, resource)).toBe(expected);
  });
});

describe("navigation", () => {
  it.each(ROLES)("offers %s only pages its role may use, starting with its home", (role) => {
    const items = navigationFor(role);
    expect(items[0].to).toBe(homeFor[role]);
  });
});

describe("loadActor: links come from the organisation", () => {
  const db = createDemoWorldDb();
  const load = (email: string) => loadActor(db, db.select().from(users).where(eq(users.email, email)).get()!);

  it("a police officer reaches every centre the force runs", () => {
    expect(load("custody@pathway.example").centreIds.size).toBe(6);
  });
  it("a referral worker reaches only the centres their provider covers", () => {
    expect([...load("worker@pathway.example").centreIds].sort()).toEqual([
      "cc-kelmoor",
      "cc-northfirth",
      "cc-port-aird",
    ]);
  });
  it("a service worker reaches the services their organisation runs", () => {
    expect([...load("service@pathway.example").serviceIds].sort()).toEqual([
      "svc-kelmoor-recovery",
      "svc-nads-treatment",
    ]);
  });
  it("a commissioner funding an ADP reaches its local authorities too", () => {
    expect([...load("commissioner@pathway.example").areaIds].sort()).toEqual([
      "adp-northfirth-kelmoor",
      "la-kelmoor",
      "la-northfirth",
    ]);
  });
});

describe("the current navigation item", () => {
  const items = [
    { to: "/custody", label: "Custody centre" },
    { to: "/custody/throughput", label: "Throughput" },
  ];
  it.each([
    ["/custody", "Custody centre"],
    ["/custody/centres/cc-northfirth", "Custody centre"],
    ["/custody/throughput", "Throughput"],
    ["/custody/throughput/import", "Throughput"],
    ["/custodyx", undefined],
  ])("%s → %s", (pathname, label) => {
    expect(currentNavigationItem(items, pathname)?.label).toBe(label);
  });
});
