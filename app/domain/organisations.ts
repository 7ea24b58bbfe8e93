// What kinds of organisation there are and which role a person in each kind may hold. Pure,
// so pages and the rules share the same words.
import type { OrganisationKind, Role } from "#db/schema";

export const organisationKindLabels: Record<OrganisationKind, string> = {
  police: "Police",
  referral_provider: "Arrest referral provider",
  service_provider: "Service provider",
  commissioner: "Commissioner",
  operator: "Operator",
};

/**
 * A person's reach follows from their organisation's links, so a role only makes sense in the
 * kind of organisation whose links it reads: a referral worker in a police force would see
 * every centre the force runs.
 */
export const rolesForOrganisationKind: Record<OrganisationKind, readonly Role[]> = {
  police: ["custody_officer"],
  referral_provider: ["referral_worker"],
  service_provider: ["service_worker"],
  commissioner: ["commissioner"],
  operator: ["administrator"],
};

export function roleFitsOrganisation(role: Role, kind: OrganisationKind): boolean {
  return rolesForOrganisationKind[kind].includes(role);
}
