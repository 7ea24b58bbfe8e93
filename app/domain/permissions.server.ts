// Loads the organisation links a user's permissions rest on, once per request.
import { eq, inArray, sql } from "drizzle-orm";
import { preparedPerConnection, type Db } from "#db/connection";
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

const byId = sql.placeholder("id");
const byOrganisation = sql.placeholder("organisationId");

/** The organisation with this id: read on every signed-in request. */
export const organisationById = preparedPerConnection((db: Db) =>
  db.select().from(organisations).where(eq(organisations.id, byId)).prepare(),
);
const policeCentres = preparedPerConnection((db: Db) =>
  db
    .select({ id: custodyCentres.id })
    .from(custodyCentres)
    .where(eq(custodyCentres.policeOrganisationId, byOrganisation))
    .prepare(),
);
const providerCentreIds = preparedPerConnection((db: Db) =>
  db
    .select({ id: providerCentres.custodyCentreId })
    .from(providerCentres)
    .where(eq(providerCentres.organisationId, byOrganisation))
    .prepare(),
);
const serviceIdsOf = preparedPerConnection((db: Db) =>
  db.select({ id: services.id }).from(services).where(eq(services.organisationId, byOrganisation)).prepare(),
);
const fundedAreas = preparedPerConnection((db: Db) =>
  db
    .select({ id: commissionerAreas.areaId })
    .from(commissionerAreas)
    .where(eq(commissionerAreas.organisationId, byOrganisation))
    .prepare(),
);

export function loadActor(
  db: Db,
  user: User,
  organisation = organisationById(db).get({ id: user.organisationId }),
): Actor {
  const of = { organisationId: user.organisationId };
  let centreIds: string[] = [];
  let serviceIds: string[] = [];
  let areaIds: string[] = [];
  switch (organisation?.kind) {
    case "police":
      centreIds = policeCentres(db)
        .all(of)
        .map((r) => r.id);
      break;
    case "referral_provider":
      centreIds = providerCentreIds(db)
        .all(of)
        .map((r) => r.id);
      break;
    case "service_provider":
      serviceIds = serviceIdsOf(db)
        .all(of)
        .map((r) => r.id);
      break;
    case "commissioner": {
      const funded = fundedAreas(db)
        .all(of)
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
