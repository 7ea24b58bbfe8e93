// Which kinds of service answer which need: the one map the directory search, the demo seed
// and the generator all read.
import type { NeedDomain, ServiceKind } from "#db/schema";

/** The kinds of service that answer a need, the main one first. */
export const serviceKindsForNeed: Record<NeedDomain, readonly ServiceKind[]> = {
  drugs: ["drug_alcohol_treatment", "harm_reduction"],
  alcohol: ["drug_alcohol_treatment"],
  mental_health: ["mental_health"],
  housing: ["housing"],
  money: ["money_advice"],
  employment: ["employment"],
  physical_health: ["physical_health", "harm_reduction"],
  family: ["family_support"],
  safety: ["family_support", "other"],
  justice: ["other", "employment"],
};

/** The main kind of service for a need. */
export const mainServiceKind = (need: NeedDomain): ServiceKind => serviceKindsForNeed[need][0];
