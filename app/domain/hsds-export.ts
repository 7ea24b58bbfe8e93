// The service directory published as Open Referral HSDS 3.0 JSON: one page of services in the
// shape of GET /services. Every field Pathway keeps has its HSDS place; the monthly capacity,
// which HSDS 3.0 has no field for, is an attribute with a value. No database here.
import {
  CAPACITY_CODE,
  CAPACITY_TAXONOMY,
  HSDS_OPENAPI_URL,
  HSDS_VERSION,
  KIND_TAXONOMY,
  areaUri,
  hsdsId,
  type DirectoryArea,
  type DirectoryOrganisation,
  type DirectoryService,
  type DirectorySnapshot,
} from "./hsds";
import { serviceKindLabels } from "./onward-referral-states";

// ---------------------------------------------------------------- export

const waitText = (days: number) => (days === 1 ? "1 day" : `${days} days`);
const omitEmpty = <T extends Record<string, unknown>>(record: T) =>
  Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== "" && value !== undefined && value !== null),
  ) as Partial<T>;

function organisationToHsds(organisation: DirectoryOrganisation) {
  const id = hsdsId("organisation", organisation.id);
  return {
    id,
    name: organisation.name,
    description: organisation.description,
    ...omitEmpty({ email: organisation.email, website: organisation.website }),
    phones: organisation.phone
      ? [{ id: hsdsId("organisation-phone", organisation.id), organization_id: id, number: organisation.phone }]
      : [],
  };
}

function serviceToHsds(
  service: DirectoryService,
  organisation: DirectoryOrganisation,
  areasById: Map<string, DirectoryArea>,
) {
  const id = hsdsId("service", service.id);
  const locationId = hsdsId("service-location", service.id);
  const kindTermId = hsdsId("service-kind", service.kind);
  const capacityTermId = hsdsId("service-capacity", CAPACITY_CODE);
  const phones = service.phone
    ? [{ id: hsdsId("service-phone", service.id), service_id: id, number: service.phone, type: "voice" }]
    : [];
  return {
    id,
    organization_id: hsdsId("organisation", organisation.id),
    name: service.name,
    description: service.description,
    ...omitEmpty({
      alternate_name: service.alternateName,
      url: service.website,
      email: service.email,
      interpretation_services: service.interpretationServices,
      application_process: service.applicationProcess,
      fees_description: service.feesDescription,
      eligibility_description: service.eligibility,
      minimum_age: service.minimumAge,
      maximum_age: service.maximumAge,
      wait_time: service.typicalWaitDays === null ? "" : waitText(service.typicalWaitDays),
      assured_date: service.lastVerifiedAt?.slice(0, 10),
    }),
    status: service.isTakingReferrals ? "active" : "temporarily closed",
    last_modified: service.updatedAt ?? service.createdAt,
    phones,
    schedules: service.hours
      ? [{ id: hsdsId("service-schedule", service.id), service_id: id, description: service.hours }]
      : [],
    service_areas: service.areaIds
      .map((areaId) => areasById.get(areaId))
      .filter((area): area is DirectoryArea => area !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((area) => ({
        id: hsdsId("service-area", `${service.id}:${area.id}`),
        service_id: id,
        name: area.name,
        uri: areaUri(area),
      })),
    service_at_locations:
      service.address || service.postcode
        ? [
            {
              id: hsdsId("service-at-location", service.id),
              service_id: id,
              location_id: locationId,
              location: {
                id: locationId,
                location_type: "physical",
                name: service.name,
                addresses: [
                  {
                    id: hsdsId("service-address", service.id),
                    location_id: locationId,
                    address_1: service.addressLine1 || service.address,
                    ...omitEmpty({ address_2: service.addressLine2 }),
                    city: service.city,
                    state_province: service.region,
                    postal_code: service.postcode,
                    country: "GB",
                    address_type: "physical",
                  },
                ],
              },
            },
          ]
        : [],
    contacts:
      service.email || service.phone
        ? [
            {
              id: hsdsId("service-contact", service.id),
              service_id: id,
              name: "Referrals",
              ...omitEmpty({ email: service.email }),
              phones,
            },
          ]
        : [],
    attributes: [
      {
        id: hsdsId("service-kind-link", service.id),
        link_id: id,
        link_type: "service",
        link_entity: "service",
        taxonomy_term_id: kindTermId,
        taxonomy_term: {
          id: kindTermId,
          code: service.kind,
          name: serviceKindLabels[service.kind],
          description: `Kind of service in Pathway: ${serviceKindLabels[service.kind]}`,
          taxonomy: KIND_TAXONOMY,
        },
      },
      ...(service.capacityPerMonth === null
        ? []
        : [
            {
              id: hsdsId("service-capacity-link", service.id),
              link_id: id,
              link_type: "service",
              link_entity: "service",
              taxonomy_term_id: capacityTermId,
              value: String(service.capacityPerMonth),
              taxonomy_term: {
                id: capacityTermId,
                code: CAPACITY_CODE,
                name: "Referrals a month",
                description: "How many new referrals the service can take in a month",
                taxonomy: CAPACITY_TAXONOMY,
              },
            },
          ]),
    ],
    organization: organisationToHsds(organisation),
  };
}

/** The directory as one HSDS 3.0 API page of services (the shape of GET /services), with the API root's version. */
export function directoryToHsds(snapshot: DirectorySnapshot) {
  const organisationsById = new Map(snapshot.organisations.map((o) => [o.id, o]));
  const areasById = new Map(snapshot.areas.map((a) => [a.id, a]));
  const contents = [...snapshot.services]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((service) => serviceToHsds(service, organisationsById.get(service.organisationId)!, areasById));
  return {
    version: HSDS_VERSION,
    openapi_url: HSDS_OPENAPI_URL,
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}
