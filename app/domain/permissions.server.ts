// Loads the organisation links a user's permissions rest on, once per request.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "#db/connection";
import {
  areas,
  commissionerAreas,
  custodyCentres,
  organisations,
  providerCentres,
  services,
  type User,
} from "#db/schema";
import type { Actor } from "./permissions";

export function loadActor(
  db: Db,
  user: User,
  organisation = db.select().from(organisations).where(eq(organisations.id, user.organisationId)).get(),
): Actor {
  let centreIds: string[] = [];
  let serviceIds: string[] = [];
  let areaIds: string[] = [];
  switch (organisation?.kind) {
    case "police":
      centreIds = db
        .select({ id: custodyCentres.id })
        .from(custodyCentres)
        .where(eq(custodyCentres.policeOrganisationId, user.organisationId))
        .all()
        .map((r) => r.id);
      break;
    case "referral_provider":
      centreIds = db
        .select({ id: providerCentres.custodyCentreId })
        .from(providerCentres)
        .where(eq(providerCentres.organisationId, user.organisationId))
        .all()
        .map((r) => r.id);
      break;
    case "service_provider":
      serviceIds = db
        .select({ id: services.id })
        .from(services)
        .where(eq(services.organisationId, user.organisationId))
        .all()
        .map((r) => r.id);
      break;
    case "commissioner": {
      const funded = db
        .select({ id: commissionerAreas.areaId })
        .from(commissionerAreas)
        .where(eq(commissionerAreas.organisationId, user.organisationId))
        .all()
        .map((r) => r.id);
      // Funding an ADP covers the local authorities inside it.
      const inside = funded.length
        ? db
            .select({ id: areas.id })
            .from(areas)
            .where(inArray(areas.parentAreaId, funded))
            .all()
            .map((r) => r.id)
        : [];
      areaIds = [...funded, ...inside];
      break;
    }
    default:
      break;
  }
  return {
    userId: user.id,
    role: user.role,
    organisationId: user.organisationId,
    centreIds: new Set(centreIds),
    serviceIds: new Set(serviceIds),
    areaIds: new Set(areaIds),
    fundsAllAreas: organisation?.fundsAllAreas ?? false,
  };
}
