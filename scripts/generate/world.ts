// The generated world: the demo world (so the demo users can sign in and see a busy day) and,
// for the larger scales, many more police forces, divisions, local authorities, partnerships,
// custody centres of very different sizes, arrest referral providers and services with their
// capacity. Everything here is small (thousands of rows); the history is in history.ts.
import { seededRandom, seedOf, type Random } from "../seed/random";
import { placeNames } from "./names";
import type { ServiceKind } from "../../db/schema";
import type { Writer } from "./writer";

export type ScaleName = "small" | "scotland-1y" | "uk-10y";

export type Scale = {
  name: ScaleName;
  description: string;
  /** Complete calendar months of history before the month of "now" (which is there up to now). */
  months: number;
  /** Centres added to the demo force (a Scotland-sized force has about 30). */
  extraDemoForceCentres: number;
  /** Other police forces, England-, Wales- and Northern-Ireland-like. */
  otherForces: number;
  /** Detentions a year, all centres together. */
  detentionsPerYear: number;
  /** Share of detentions referred, rising from the first month to the last. */
  referralRate: { from: number; to: number };
};

export const SCALES: Record<ScaleName, Scale> = {
  small: {
    name: "small",
    description: "the demo world's six centres, one year, about 1,300 referrals (for tests)",
    months: 12,
    extraDemoForceCentres: 0,
    otherForces: 0,
    detentionsPerYear: 16_700,
    referralRate: { from: 0.06, to: 0.1 },
  },
  "scotland-1y": {
    name: "scotland-1y",
    description: "one Scotland-sized force: 30 centres, 100,000 detentions, one year at a 20% referral rate",
    months: 12,
    extraDemoForceCentres: 24,
    otherForces: 0,
    detentionsPerYear: 100_000,
    referralRate: { from: 0.18, to: 0.22 },
  },
  "uk-10y": {
    name: "uk-10y",
    description:
      "the whole UK: 41 forces, about 130 centres, 10 million detentions over ten years, referral rate rising from 14% to 26%",
    months: 120,
    extraDemoForceCentres: 24,
    otherForces: 40,
    detentionsPerYear: 1_000_000,
    referralRate: { from: 0.14, to: 0.26 },
  },
};

export type Provider = { id: string; workerIds: string[] };

export type Centre = {
  index: number;
  id: string;
  code: string;
  laId: string;
  forceIndex: number;
  policeOrganisationId: string;
  /** Typical detentions in a month. */
  monthlyDetentions: number;
  /** How much more or less than the average this centre refers. */
  rateFactor: number;
  shares: { drugs: number; alcohol: number; mentalHealth: number };
  /** Month index from which the centre counts disclosed need (0 = always). */
  countsNeedFrom: number;
  providers: Provider[];
  officerIds: string[];
  /** The local authorities of the centre's force: where a person may live. */
  forceLaIds: string[];
};

export type ServiceModel = {
  index: number;
  id: string;
  organisationId: string;
  kind: ServiceKind;
  laIds: string[];
  capacityPerMonth: number;
  typicalWaitDays: number;
  /** The service worker who reports outcomes on the web, or null for a service reporting by API or CSV. */
  reporterUserId: string | null;
  source: "web" | "api" | "csv";
  /** Chance that the service is slow to answer a referral. */
  slowness: number;
};

export type World = {
  centres: Centre[];
  services: ServiceModel[];
  /** Services taking referrals, by local authority and kind. */
  servicesFor: Map<string, Map<ServiceKind, ServiceModel[]>>;
  forceCount: number;
  counts: { areas: number; organisations: number; centres: number; services: number; users: number };
};

// ---------------------------------------------------------------- the demo world, as the generator sees it

const DEMO_CENTRES = [
  {
    id: "cc-northfirth",
    code: "NFC",
    la: "la-northfirth",
    monthly: 430,
    drugs: 0.18,
    alcohol: 0.13,
    mentalHealth: 0.45,
    providers: ["firth"],
  },
  {
    id: "cc-kelmoor",
    code: "KMC",
    la: "la-kelmoor",
    monthly: 210,
    drugs: 0.15,
    alcohol: 0.15,
    mentalHealth: 0.42,
    providers: ["firth"],
  },
  {
    id: "cc-port-aird",
    code: "PAD",
    la: "la-northfirth",
    monthly: 120,
    drugs: 0.13,
    alcohol: 0.17,
    mentalHealth: 0.4,
    providers: ["firth", "newleaf"],
  },
  {
    id: "cc-westmuir",
    code: "WMC",
    la: "la-westmuir",
    monthly: 380,
    drugs: 0.17,
    alcohol: 0.13,
    mentalHealth: 0.44,
    providers: ["newleaf"],
  },
  {
    id: "cc-ardlachan",
    code: "ALC",
    la: "la-ardlachan",
    monthly: 95,
    drugs: 0.12,
    alcohol: 0.16,
    mentalHealth: 0.41,
    providers: ["newleaf"],
  },
  {
    id: "cc-glenbrae",
    code: "GBR",
    la: "la-westmuir",
    monthly: 160,
    drugs: 0.16,
    alcohol: 0.14,
    mentalHealth: 0.43,
    providers: ["newleaf"],
  },
] as const;

const DEMO_PROVIDERS: Record<string, Provider> = {
  firth: { id: "org-firth-recovery", workerIds: ["user-worker"] },
  newleaf: { id: "org-new-leaf", workerIds: ["user-worker-west"] },
};

const DEMO_LAS = ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"];

const DEMO_SERVICES: Omit<ServiceModel, "index" | "slowness">[] = [
  {
    id: "svc-nads-treatment",
    organisationId: "org-nads",
    kind: "drug_alcohol_treatment",
    laIds: ["la-northfirth", "la-kelmoor"],
    capacityPerMonth: 40,
    typicalWaitDays: 12,
    reporterUserId: "user-service",
    source: "web",
  },
  {
    id: "svc-kelmoor-recovery",
    organisationId: "org-nads",
    kind: "drug_alcohol_treatment",
    laIds: ["la-kelmoor"],
    capacityPerMonth: 60,
    typicalWaitDays: 3,
    reporterUserId: "user-service",
    source: "web",
  },
  {
    id: "svc-westmuir-alcohol",
    organisationId: "org-westmuir-hscp",
    kind: "drug_alcohol_treatment",
    laIds: ["la-westmuir", "la-ardlachan"],
    capacityPerMonth: 35,
    typicalWaitDays: 18,
    reporterUserId: null,
    source: "api",
  },
  {
    id: "svc-ardlachan-wellbeing",
    organisationId: "org-ardlachan-wellbeing",
    kind: "mental_health",
    laIds: ["la-ardlachan", "la-westmuir"],
    capacityPerMonth: 50,
    typicalWaitDays: 1,
    reporterUserId: null,
    source: "csv",
  },
  {
    id: "svc-harbour-housing",
    organisationId: "org-harbour-housing",
    kind: "housing",
    laIds: DEMO_LAS,
    capacityPerMonth: 45,
    typicalWaitDays: 5,
    reporterUserId: "user-housing",
    source: "web",
  },
  {
    id: "svc-rapid-rehousing",
    organisationId: "org-harbour-housing",
    kind: "housing",
    laIds: ["la-westmuir", "la-ardlachan"],
    capacityPerMonth: 10,
    typicalWaitDays: 14,
    reporterUserId: "user-housing",
    source: "web",
  },
  {
    id: "svc-money-advice",
    organisationId: "org-firth-money",
    kind: "money_advice",
    laIds: DEMO_LAS,
    capacityPerMonth: 60,
    typicalWaitDays: 7,
    reporterUserId: null,
    source: "csv",
  },
  {
    id: "svc-employability",
    organisationId: "org-second-chance",
    kind: "employment",
    laIds: ["la-northfirth", "la-westmuir"],
    capacityPerMonth: 25,
    typicalWaitDays: 10,
    reporterUserId: null,
    source: "api",
  },
  {
    id: "svc-family-ties",
    organisationId: "org-family-ties",
    kind: "family_support",
    laIds: DEMO_LAS,
    capacityPerMonth: 20,
    typicalWaitDays: 14,
    reporterUserId: null,
    source: "csv",
  },
  {
    id: "svc-harm-reduction",
    organisationId: "org-harm-reduction",
    kind: "harm_reduction",
    laIds: ["la-northfirth", "la-kelmoor"],
    capacityPerMonth: 100,
    typicalWaitDays: 0,
    reporterUserId: null,
    source: "api",
  },
  {
    id: "svc-harm-reduction-van",
    organisationId: "org-harm-reduction",
    kind: "harm_reduction",
    laIds: ["la-westmuir", "la-ardlachan"],
    capacityPerMonth: 100,
    typicalWaitDays: 0,
    reporterUserId: null,
    source: "api",
  },
];

/** A national commissioner, so that the benchmark can look at the whole country. */
export const NATIONAL_COMMISSIONER = {
  id: "user-national",
  email: "national@pathway.example",
  name: "Dr Isla Grant",
  organisationId: "org-community-justice",
};

// ---------------------------------------------------------------- building

const pad = (n: number, width = 4) => String(n).padStart(width, "0");

/** Writes the world beyond the demo world and returns the model the history needs. */
export function buildWorld(
  writer: Writer,
  scale: Scale,
  seed: number,
  passwordHash: string,
  createdAt: string,
  nowMs: number,
): World {
  const random = seededRandom(seedOf("world", seed));
  const counts = { areas: 0, organisations: 0, centres: 0, services: 0, users: 0 };
  const centres: Centre[] = [];
  const services: ServiceModel[] = [];
  let userCount = 0;

  const addUser = (role: string, organisationId: string, name: string) => {
    const id = `g-user-${pad(++userCount, 5)}`;
    // Signed in lately, so the inactive-account job leaves them be.
    const lastSignIn = new Date(nowMs - random.int(1, 20 * 24) * 3600_000).toISOString();
    writer.insert(
      "users",
      id,
      `${id}@generated.pathway.example`,
      name,
      null,
      role,
      organisationId,
      lastSignIn,
      createdAt,
    );
    counts.users++;
    return id;
  };
  const addService = (s: Omit<ServiceModel, "index" | "slowness">, name: string, write: boolean) => {
    const model: ServiceModel = { ...s, index: services.length, slowness: random.between(0.03, 0.25) };
    services.push(model);
    if (!write) return;
    writer.insert(
      "services",
      s.id,
      s.organisationId,
      name,
      s.kind,
      `${name}: generated for performance testing.`,
      "",
      "",
      "",
      "",
      "Mon–Fri 9:00–17:00",
      "",
      1,
      s.capacityPerMonth,
      s.typicalWaitDays,
      createdAt,
      createdAt,
    );
    for (const la of s.laIds) writer.insert("service_areas", s.id, la);
    counts.services++;
  };

  writer.insert(
    "users",
    NATIONAL_COMMISSIONER.id,
    NATIONAL_COMMISSIONER.email,
    NATIONAL_COMMISSIONER.name,
    passwordHash,
    "commissioner",
    NATIONAL_COMMISSIONER.organisationId,
    new Date(nowMs - 86400_000).toISOString(),
    createdAt,
  );
  counts.users++;

  // The demo force's own six centres, with their demo sizes.
  const demoForceLas = [...DEMO_LAS];
  for (const c of DEMO_CENTRES) {
    centres.push({
      index: centres.length,
      id: c.id,
      code: c.code,
      laId: c.la,
      forceIndex: 0,
      policeOrganisationId: "org-police",
      monthlyDetentions: c.monthly,
      rateFactor: 1,
      shares: { drugs: c.drugs, alcohol: c.alcohol, mentalHealth: c.mentalHealth },
      countsNeedFrom: c.id === "cc-glenbrae" ? Math.max(0, scale.months - 12) : 0,
      providers: c.providers.map((p) => DEMO_PROVIDERS[p]),
      officerIds: ["user-custody"],
      forceLaIds: demoForceLas,
    });
  }
  for (const s of DEMO_SERVICES) addService(s, s.id, false);

  const demoDetentions = DEMO_CENTRES.reduce((sum, c) => sum + c.monthly * 12, 0);
  const forces: { orgId: string; name: string; detentionsPerYear: number; centreCount: number }[] = [];
  const names = placeNames(random, 1300, new Set(["Northfirth", "Kelmoor", "Westmuir", "Ardlachan", "Glenbrae"]));
  let nameAt = 0;
  const nextName = () => {
    if (nameAt >= names.length) throw new Error("The generator ran out of place names: add more name parts");
    return names[nameAt++];
  };

  if (scale.extraDemoForceCentres > 0) {
    const scotland = scale.detentionsPerYear * (scale.otherForces ? 0.1 : 1);
    forces.push({
      orgId: "org-police",
      name: "Caledonia",
      detentionsPerYear: Math.max(0, scotland - demoDetentions),
      centreCount: scale.extraDemoForceCentres,
    });
  }
  if (scale.otherForces > 0) {
    const remaining = scale.detentionsPerYear * 0.9;
    // Forces differ a lot in size: a Zipf-like spread, the largest a dozen times the smallest.
    const weights = Array.from({ length: scale.otherForces }, (_, i) => 1 / Math.pow(i + 2, 0.9));
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w) => {
      const detentionsPerYear = (remaining * w) / total;
      forces.push({
        orgId: "",
        name: nextName(),
        detentionsPerYear,
        centreCount: Math.max(1, Math.min(12, Math.round(detentionsPerYear / 9000))),
      });
    });
  }

  let areaCount = 0;
  let orgCount = 0;
  let centreCount = 0;
  let serviceCount = 0;
  const addArea = (kind: string, name: string, parent: string | null) => {
    const id = `g-${kind === "police_division" ? "div" : kind === "adp" ? "adp" : "la"}-${pad(++areaCount)}`;
    writer.insert("areas", id, kind, name, `G${pad(areaCount)}`, parent, createdAt);
    counts.areas++;
    return id;
  };
  const addOrganisation = (name: string, kind: string, extra: { queueOverdueMinutes?: number } = {}) => {
    const id = `g-org-${pad(++orgCount)}`;
    writer.insert("organisations", id, name, kind, "", "", "", "", extra.queueOverdueMinutes ?? 60, 3, 0, createdAt);
    counts.organisations++;
    return id;
  };

  forces.forEach((force, f) => {
    const forceIndex = f + 1;
    const isDemoForce = force.orgId === "org-police";
    const forceName = isDemoForce ? "Caledonia" : force.name;
    const policeId = isDemoForce ? "org-police" : addOrganisation(`${forceName} Police`, "police");

    // Local authorities: about one per 3,000 detentions a year; partnerships group one to three.
    const laCount = Math.max(2, Math.round(force.detentionsPerYear / 3000));
    const divisionCount = Math.max(2, Math.min(6, Math.round(laCount / 3)));
    const divisions = Array.from({ length: divisionCount }, () =>
      addArea("police_division", `${nextName()} Division`, null),
    );
    const las: { id: string; name: string; division: string }[] = [];
    for (let i = 0; i < laCount;) {
      const group = Math.min(laCount - i, random.int(1, 3));
      const adpName = nextName();
      const adp = addArea("adp", isDemoForce ? `${adpName} ADP` : `${adpName} Combating Drugs Partnership`, null);
      const commissioner = addOrganisation(
        isDemoForce ? `${adpName} ADP` : `${adpName} Combating Drugs Partnership`,
        "commissioner",
      );
      writer.insert("commissioner_areas", commissioner, adp);
      for (let g = 0; g < group; g++, i++) {
        const laName = nextName();
        las.push({
          id: addArea("local_authority", `${laName} Council`, adp),
          name: laName,
          division: divisions[i % divisionCount],
        });
      }
    }
    const laIds = las.map((l) => l.id);
    if (isDemoForce) demoForceLas.push(...laIds);

    // Centres: a Zipf-like spread within the force, each in one of the force's local authorities.
    const weights = Array.from({ length: force.centreCount }, (_, i) => 1 / Math.pow(i + 1.5, 0.8));
    const weightTotal = weights.reduce((a, b) => a + b, 0);
    const forceCentres: Centre[] = [];
    weights.forEach((w, i) => {
      const la = las[i % las.length];
      const code = `G${pad(++centreCount, 3)}`;
      const id = `g-cc-${pad(centreCount)}`;
      const town = i < las.length ? la.name : nextName();
      writer.insert(
        "custody_centres",
        id,
        `${town} Custody Suite`,
        code,
        policeId,
        la.division,
        la.id,
        `^${code}/\\d{2}/\\d{6}$`,
        `${code}/26/004512`,
        random.chance(0.2) ? "Mon–Sun 07:00–23:00" : "24 hours",
        createdAt,
      );
      counts.centres++;
      const centre: Centre = {
        index: centres.length,
        id,
        code,
        laId: la.id,
        forceIndex,
        policeOrganisationId: policeId,
        monthlyDetentions: (force.detentionsPerYear * w) / weightTotal / 12,
        rateFactor: random.between(0.6, 1.4),
        shares: {
          drugs: random.between(0.11, 0.2),
          alcohol: random.between(0.11, 0.18),
          mentalHealth: random.between(0.38, 0.48),
        },
        countsNeedFrom: random.chance(0.3) ? random.int(0, scale.months) : 0,
        providers: [],
        officerIds: [
          addUser("custody_officer", policeId, `Officer ${code}`),
          addUser("custody_officer", policeId, `Sergeant ${code}`),
        ],
        forceLaIds: isDemoForce ? demoForceLas : laIds,
      };
      centres.push(centre);
      forceCentres.push(centre);
    });

    // Providers: each covers a run of up to five centres; now and then a centre has two.
    for (let i = 0; i < forceCentres.length;) {
      const covered = forceCentres.slice(i, i + random.int(2, 5));
      i += covered.length;
      const providerId = addOrganisation(`${nextName()} Arrest Referral Service`, "referral_provider", {
        queueOverdueMinutes: random.pick([45, 60, 90]),
      });
      const workerCount = Math.max(2, Math.round(covered.reduce((s, c) => s + c.monthlyDetentions, 0) / 400));
      const provider: Provider = {
        id: providerId,
        workerIds: Array.from({ length: workerCount }, (_, k) =>
          addUser("referral_worker", providerId, `Worker ${k + 1} of ${providerId}`),
        ),
      };
      for (const c of covered) {
        c.providers.push(provider);
        writer.insert("provider_centres", providerId, c.id);
      }
      if (i < forceCentres.length && random.chance(0.15)) {
        forceCentres[i].providers.push(provider);
        writer.insert("provider_centres", providerId, forceCentres[i].id);
      }
    }

    // Services: treatment, mental health and harm reduction in each local authority; housing,
    // money advice, employment and family support across the force. Capacity is set near the
    // expected demand, so busy months run out of room.
    const forceMonthly = force.detentionsPerYear / 12;
    const meanRate = (scale.referralRate.from + scale.referralRate.to) / 2;
    const reporting = (orgId: string, name: string): Pick<ServiceModel, "reporterUserId" | "source"> => {
      const roll = random.next();
      if (roll < 0.55) return { reporterUserId: addUser("service_worker", orgId, `${name} worker`), source: "web" };
      return { reporterUserId: null, source: roll < 0.8 ? "api" : "csv" };
    };
    for (const la of las) {
      const orgId = addOrganisation(`${la.name} Health and Social Care Partnership`, "service_provider");
      const how = reporting(orgId, la.name);
      const demand = (forceMonthly / las.length) * meanRate;
      const local = [
        {
          kind: "drug_alcohol_treatment" as const,
          name: `${la.name} Drug and Alcohol Recovery Service`,
          share: 0.45,
          wait: random.int(5, 25),
        },
        {
          kind: "mental_health" as const,
          name: `${la.name} Community Mental Health Team`,
          share: 0.3,
          wait: random.int(7, 40),
        },
        { kind: "harm_reduction" as const, name: `${la.name} Harm Reduction Service`, share: 0.15, wait: 0 },
      ];
      for (const s of local) {
        addService(
          {
            id: `g-svc-${pad(++serviceCount, 5)}`,
            organisationId: orgId,
            kind: s.kind,
            laIds: [la.id],
            capacityPerMonth: Math.max(5, Math.round(demand * s.share * random.between(0.9, 1.7))),
            typicalWaitDays: s.wait,
            ...how,
          },
          s.name,
          true,
        );
      }
    }
    const shared = [
      { kind: "housing" as const, org: "Housing Trust", share: 0.25, wait: random.int(3, 20) },
      { kind: "money_advice" as const, org: "Money Advice", share: 0.15, wait: random.int(3, 14) },
      { kind: "employment" as const, org: "Employability", share: 0.08, wait: random.int(7, 21) },
      { kind: "family_support" as const, org: "Family Support", share: 0.08, wait: random.int(5, 21) },
    ];
    for (const s of shared) {
      const orgName = `${forceName} ${s.org}${isDemoForce ? " (West and North)" : ""}`;
      const orgId = addOrganisation(orgName, "service_provider");
      const how = reporting(orgId, orgName);
      addService(
        {
          id: `g-svc-${pad(++serviceCount, 5)}`,
          organisationId: orgId,
          kind: s.kind,
          laIds,
          capacityPerMonth: Math.max(5, Math.round(forceMonthly * meanRate * s.share * random.between(0.9, 1.7))),
          typicalWaitDays: s.wait,
          ...how,
        },
        `${orgName} Service`,
        true,
      );
    }
  });

  const servicesFor = new Map<string, Map<ServiceKind, ServiceModel[]>>();
  for (const s of services) {
    for (const la of s.laIds) {
      const byKind = servicesFor.get(la) ?? new Map<ServiceKind, ServiceModel[]>();
      const list = byKind.get(s.kind) ?? [];
      list.push(s);
      byKind.set(s.kind, list);
      servicesFor.set(la, byKind);
    }
  }
  writer.commit();
  return { centres, services, servicesFor, forceCount: forces.length + 1, counts };
}

export type { Random };
