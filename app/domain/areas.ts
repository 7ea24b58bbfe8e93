// The kinds of area, in the words people use.
import type { AreaKind } from "#db/schema";

export const areaKindLabels: Record<AreaKind, string> = {
  police_division: "Police division",
  local_authority: "Local authority",
  adp: "Alcohol and Drug Partnership",
};
