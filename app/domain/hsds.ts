// What the HSDS 3.0 export (hsds-export.ts) and import (hsds-import.ts) share: identifiers,
// the directory's shape on Pathway's side (its rows, from the schema), and the names of the
// extra facts Pathway publishes as HSDS attributes. No database here: directory-import.server.ts
// reads and writes.
import { createHash } from "node:crypto";
import type { areas, Organisation, Service } from "#db/schema";

type Area = typeof areas.$inferSelect;

export const HSDS_VERSION = "3.0";
export const HSDS_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
export const KIND_TAXONOMY = "Pathway kinds of service";
/** HSDS 3.0 has no place for a service's capacity: it travels as an attribute with a value. */
export const CAPACITY_TAXONOMY = "Pathway service capacity";
export const CAPACITY_CODE = "capacity_per_month";

// ---------------------------------------------------------------- identifiers

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMESPACE = "6f1c2b9e-5d4a-4c1e-9b7a-3e2f8d0c4a61";

export const isUuid = (value: string) => UUID.test(value);

/**
 * HSDS identifiers are UUIDs. A record Pathway made keeps its own id and is published under a
 * name-based UUID (version 5 style) made from it, so the same record always has the same HSDS
 * id; a record that came from HSDS keeps its UUID as its Pathway id.
 */
export function hsdsId(kind: string, pathwayId: string): string {
  if (isUuid(pathwayId)) return pathwayId.toLowerCase();
  const bytes = createHash("sha1")
    .update(Buffer.from(NAMESPACE.replace(/-/g, ""), "hex"))
    .update(`${kind}:${pathwayId}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const areaUri = (area: { kind: string; code: string }) =>
  `urn:pathway:area:${area.kind}:${encodeURIComponent(area.code)}`;

// ---------------------------------------------------------------- Pathway's side

export type DirectoryOrganisation = Pick<
  Organisation,
  "id" | "name" | "description" | "email" | "phone" | "website" | "kind" | "isActive"
>;
export type DirectoryArea = Pick<Area, "id" | "kind" | "name" | "code" | "parentAreaId">;
/** A service as the directory holds it (its row) with the local authorities it serves. */
export type DirectoryService = Omit<Service, "version"> & { areaIds: string[] };
export type DirectorySnapshot = {
  organisations: DirectoryOrganisation[];
  services: DirectoryService[];
  areas: DirectoryArea[];
};
