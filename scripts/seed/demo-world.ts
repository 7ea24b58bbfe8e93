// The demo world: fictional but plausible areas, custody centres, organisations, services and
// one demo user per role. Only ever written by the seed, never by a production start.
import type { Db } from "#db/connection";
import {
  areas,
  commissionerAreas,
  custodyCentres,
  organisations,
  providerAreas,
  providerCentres,
  serviceAreas,
  services,
  settings,
  users,
  type Role,
  type ServiceKind,
} from "#db/schema";
import { addressLine } from "~/domain/directory";

export const DEMO_PASSWORD = "pathway-demo-2026";
/**
 * Administrators must use two-factor sign-in, so the demo administrator comes enrolled with
 * this authenticator key (add it to any authenticator app, or compute codes from it in tests).
 */
export const DEMO_ADMIN_TOTP_SECRET = "PATHWAYDEMOADMINTWOFACTORKEY2345";

export const demoUsers: { email: string; name: string; role: Role; organisation: string }[] = [
  {
    email: "custody@pathway.example",
    name: "Sgt Alex Morgan",
    role: "custody_officer",
    organisation: "Caledonia Police Service",
  },
  {
    email: "officer@pathway.example",
    name: "PC Robyn Kerr",
    role: "police_officer",
    organisation: "Caledonia Police Service",
  },
  {
    email: "worker@pathway.example",
    name: "Jamie Reid",
    role: "referral_worker",
    organisation: "Firth Recovery Partnership",
  },
  {
    email: "worker.west@pathway.example",
    name: "Morven Campbell",
    role: "referral_worker",
    organisation: "New Leaf Arrest Referral",
  },
  {
    email: "service@pathway.example",
    name: "Priya Shah",
    role: "service_worker",
    organisation: "Northfirth Alcohol and Drug Service",
  },
  {
    email: "housing@pathway.example",
    name: "Callum Fraser",
    role: "service_worker",
    organisation: "Harbour Housing Trust",
  },
  {
    email: "commissioner@pathway.example",
    name: "Dr Ruth Allan",
    role: "commissioner",
    organisation: "Northfirth and Kelmoor ADP",
  },
  { email: "admin@pathway.example", name: "Sam Okafor", role: "administrator", organisation: "Pathway Operations" },
];

type ServiceSeed = {
  id: string;
  organisation: string;
  name: string;
  kind: ServiceKind;
  areas: string[];
  description: string;
  /** The first line(s); the town is `city`. */
  address: string;
  city: string;
  postcode: string;
  phone: string;
  hours: string;
  eligibility: string;
  typicalWaitDays: number;
  capacityPerMonth: number;
  isTakingReferrals?: boolean;
};

const serviceSeeds: ServiceSeed[] = [
  {
    id: "svc-nads-treatment",
    organisation: "Northfirth Alcohol and Drug Service",
    name: "Northfirth Drug and Alcohol Treatment",
    kind: "drug_alcohol_treatment",
    areas: ["la-northfirth", "la-kelmoor"],
    description: "Assessment, opioid substitution therapy, alcohol detox and recovery support.",
    address: "14 Harbour Road",
    city: "Northfirth",
    postcode: "NF1 2AB",
    phone: "01632 960101",
    hours: "Mon–Fri 9:00–17:00",
    eligibility: "Adults 16+ living in Northfirth or Kelmoor",
    typicalWaitDays: 12,
    capacityPerMonth: 40,
  },
  {
    id: "svc-kelmoor-recovery",
    organisation: "Northfirth Alcohol and Drug Service",
    name: "Kelmoor Community Recovery Hub",
    kind: "drug_alcohol_treatment",
    areas: ["la-kelmoor"],
    description: "Drop-in recovery cafe, mutual aid groups and peer support.",
    address: "2 Mill Lane",
    city: "Kelmoor",
    postcode: "KM3 4CD",
    phone: "01632 960102",
    hours: "Mon–Sat 10:00–16:00",
    eligibility: "Anyone in recovery or thinking about it",
    typicalWaitDays: 3,
    capacityPerMonth: 60,
  },
  {
    id: "svc-westmuir-alcohol",
    organisation: "Westmuir Health and Social Care Partnership",
    name: "Westmuir Alcohol and Drug Recovery Service",
    kind: "drug_alcohol_treatment",
    areas: ["la-westmuir", "la-ardlachan"],
    description: "Community treatment for drug and alcohol use, including same-day prescribing.",
    address: "Unit 5, Westgate Centre",
    city: "Westmuir",
    postcode: "WM1 1EF",
    phone: "01632 960201",
    hours: "Mon–Fri 8:30–18:00",
    eligibility: "Adults living in Westmuir or Ardlachan",
    typicalWaitDays: 18,
    capacityPerMonth: 35,
  },
  {
    id: "svc-westmuir-cmht",
    organisation: "Westmuir Health and Social Care Partnership",
    name: "Westmuir Community Mental Health Team",
    kind: "mental_health",
    areas: ["la-westmuir"],
    description: "Assessment and support for adults with moderate to severe mental-health problems.",
    address: "Westmuir Health Centre, Kirk Street",
    city: "Westmuir",
    postcode: "WM2 3GH",
    phone: "01632 960202",
    hours: "Mon–Fri 9:00–17:00",
    eligibility: "Adults 18+ registered with a Westmuir GP",
    typicalWaitDays: 28,
    capacityPerMonth: 20,
    isTakingReferrals: false,
  },
  {
    id: "svc-ardlachan-wellbeing",
    organisation: "Ardlachan Wellbeing Centre",
    name: "Ardlachan Wellbeing and Distress Support",
    kind: "mental_health",
    areas: ["la-ardlachan", "la-westmuir"],
    description: "Brief distress intervention, counselling and suicide-prevention support within 24 hours.",
    address: "The Old School, Shore Road",
    city: "Ardlachan",
    postcode: "AL4 5JK",
    phone: "01632 960301",
    hours: "Every day 8:00–22:00",
    eligibility: "Anyone 16+ in distress",
    typicalWaitDays: 1,
    capacityPerMonth: 50,
  },
  {
    id: "svc-harbour-housing",
    organisation: "Harbour Housing Trust",
    name: "Harbour Housing Advice",
    kind: "housing",
    areas: ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"],
    description: "Homelessness assessments, tenancy sustainment and advice on housing options.",
    address: "40 Quay Street",
    city: "Northfirth",
    postcode: "NF1 6LM",
    phone: "01632 960401",
    hours: "Mon–Fri 9:00–17:00; out-of-hours line 24/7",
    eligibility: "Anyone homeless or at risk of losing their home",
    typicalWaitDays: 5,
    capacityPerMonth: 45,
  },
  {
    id: "svc-rapid-rehousing",
    organisation: "Harbour Housing Trust",
    name: "Rapid Rehousing Team",
    kind: "housing",
    areas: ["la-westmuir", "la-ardlachan"],
    description: "Housing First tenancies and support for people sleeping rough or leaving custody.",
    address: "9 Station Road",
    city: "Westmuir",
    postcode: "WM4 7NP",
    phone: "01632 960402",
    hours: "Mon–Fri 9:00–17:00",
    eligibility: "Rough sleepers and people leaving custody with no settled home",
    typicalWaitDays: 14,
    capacityPerMonth: 10,
  },
  {
    id: "svc-money-advice",
    organisation: "Firth Money Advice",
    name: "Firth Money and Debt Advice",
    kind: "money_advice",
    areas: ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"],
    description: "Free, confidential advice on debt, benefits and budgeting.",
    address: "3 Bank Street",
    city: "Northfirth",
    postcode: "NF2 8QR",
    phone: "01632 960501",
    hours: "Mon–Thu 9:30–16:30",
    eligibility: "Anyone living in the area",
    typicalWaitDays: 7,
    capacityPerMonth: 60,
  },
  {
    id: "svc-employability",
    organisation: "Second Chance Employability",
    name: "Second Chance Employability Programme",
    kind: "employment",
    areas: ["la-northfirth", "la-westmuir"],
    description: "Employability support, training and work placements for people with convictions.",
    address: "The Forge, 22 Canal Street",
    city: "Westmuir",
    postcode: "WM5 9ST",
    phone: "01632 960601",
    hours: "Mon–Fri 9:00–17:00",
    eligibility: "Adults 18+ with a conviction or in contact with justice services",
    typicalWaitDays: 10,
    capacityPerMonth: 25,
  },
  {
    id: "svc-family-ties",
    organisation: "Family Ties Scotland",
    name: "Family Ties Parenting Support",
    kind: "family_support",
    areas: ["la-northfirth", "la-kelmoor", "la-westmuir", "la-ardlachan"],
    description: "Support for parents and families affected by substance use or imprisonment.",
    address: "17 Church Wynd",
    city: "Kelmoor",
    postcode: "KM1 2UV",
    phone: "01632 960701",
    hours: "Mon–Fri 9:00–17:00",
    eligibility: "Families with children under 18",
    typicalWaitDays: 14,
    capacityPerMonth: 20,
  },
  {
    id: "svc-harm-reduction",
    organisation: "Harm Reduction Caledonia",
    name: "Injecting Equipment and Naloxone Service",
    kind: "harm_reduction",
    areas: ["la-northfirth", "la-kelmoor"],
    description: "Injecting equipment, naloxone supply and training, blood-borne virus testing.",
    address: "6 Ferry Lane",
    city: "Northfirth",
    postcode: "NF3 1WX",
    phone: "01632 960801",
    hours: "Every day 10:00–18:00",
    eligibility: "Anyone who uses drugs",
    typicalWaitDays: 0,
    capacityPerMonth: 100,
  },
  {
    id: "svc-harm-reduction-van",
    organisation: "Harm Reduction Caledonia",
    name: "Mobile Harm Reduction Van",
    kind: "harm_reduction",
    areas: ["la-westmuir", "la-ardlachan"],
    description: "Outreach van: naloxone, wound care, testing and a warm drink, no appointment needed.",
    address: "Westmuir bus station (Tue, Thu), Ardlachan harbour (Wed, Sat)",
    city: "",
    postcode: "WM1 1AA",
    phone: "01632 960802",
    hours: "Tue–Sat 16:00–22:00",
    eligibility: "Anyone who uses drugs",
    typicalWaitDays: 0,
    capacityPerMonth: 100,
  },
];

export function isDemoWorldSeeded(db: Db): boolean {
  return db.select({ id: organisations.id }).from(organisations).limit(1).get() !== undefined;
}

/** Writes the demo world in one transaction. */
export function seedDemoWorld(db: Db, passwordHash: string) {
  db.transaction((tx) => {
    tx.insert(areas)
      .values([
        { id: "div-northfirth", kind: "police_division", name: "Northfirth Division", code: "N" },
        { id: "div-westmuir", kind: "police_division", name: "Westmuir Division", code: "W" },
        { id: "adp-northfirth-kelmoor", kind: "adp", name: "Northfirth and Kelmoor ADP", code: "NKADP" },
        { id: "adp-westmuir", kind: "adp", name: "Westmuir ADP", code: "WADP" },
        { id: "adp-ardlachan", kind: "adp", name: "Ardlachan ADP", code: "AADP" },
      ])
      .run();
    tx.insert(areas)
      .values([
        {
          id: "la-northfirth",
          kind: "local_authority",
          name: "Northfirth Council",
          code: "NFC",
          parentAreaId: "adp-northfirth-kelmoor",
        },
        {
          id: "la-kelmoor",
          kind: "local_authority",
          name: "Kelmoor Council",
          code: "KMC",
          parentAreaId: "adp-northfirth-kelmoor",
        },
        {
          id: "la-westmuir",
          kind: "local_authority",
          name: "Westmuir Council",
          code: "WMC",
          parentAreaId: "adp-westmuir",
        },
        {
          id: "la-ardlachan",
          kind: "local_authority",
          name: "Ardlachan Council",
          code: "ALC",
          parentAreaId: "adp-ardlachan",
        },
      ])
      .run();

    const organisationSeeds: (typeof organisations.$inferInsert)[] = [
      { id: "org-police", name: "Caledonia Police Service", kind: "police" },
      // The number on the release card when a worker has none of their own.
      {
        id: "org-firth-recovery",
        name: "Firth Recovery Partnership",
        kind: "referral_provider",
        phone: "01632 960700",
      },
      {
        id: "org-new-leaf",
        name: "New Leaf Arrest Referral",
        kind: "referral_provider",
        queueOverdueMinutes: 45,
        phone: "01632 960710",
      },
      { id: "org-nads", name: "Northfirth Alcohol and Drug Service", kind: "service_provider" },
      { id: "org-westmuir-hscp", name: "Westmuir Health and Social Care Partnership", kind: "service_provider" },
      { id: "org-ardlachan-wellbeing", name: "Ardlachan Wellbeing Centre", kind: "service_provider" },
      { id: "org-harbour-housing", name: "Harbour Housing Trust", kind: "service_provider" },
      { id: "org-firth-money", name: "Firth Money Advice", kind: "service_provider" },
      { id: "org-second-chance", name: "Second Chance Employability", kind: "service_provider" },
      { id: "org-family-ties", name: "Family Ties Scotland", kind: "service_provider" },
      { id: "org-harm-reduction", name: "Harm Reduction Caledonia", kind: "service_provider" },
      { id: "org-nk-adp", name: "Northfirth and Kelmoor ADP", kind: "commissioner" },
      { id: "org-community-justice", name: "Caledonia Community Justice", kind: "commissioner", fundsAllAreas: true },
      { id: "org-operator", name: "Pathway Operations", kind: "operator" },
    ];
    tx.insert(organisations).values(organisationSeeds).run();

    tx.insert(custodyCentres)
      .values([
        centre("cc-northfirth", "Northfirth Central Custody", "NFC", "div-northfirth", "la-northfirth"),
        centre("cc-kelmoor", "Kelmoor Custody Suite", "KMC", "div-northfirth", "la-kelmoor"),
        centre(
          "cc-port-aird",
          "Port Aird Custody Suite",
          "PAD",
          "div-northfirth",
          "la-northfirth",
          "Mon–Sun 07:00–23:00",
        ),
        centre("cc-westmuir", "Westmuir Custody Centre", "WMC", "div-westmuir", "la-westmuir"),
        centre("cc-ardlachan", "Ardlachan Custody Suite", "ALC", "div-westmuir", "la-ardlachan", "Mon–Sun 08:00–22:00"),
        centre("cc-glenbrae", "Glenbrae Custody Suite", "GBR", "div-westmuir", "la-westmuir"),
      ])
      .run();

    tx.insert(providerCentres)
      .values([
        { organisationId: "org-firth-recovery", custodyCentreId: "cc-northfirth" },
        { organisationId: "org-firth-recovery", custodyCentreId: "cc-kelmoor" },
        { organisationId: "org-firth-recovery", custodyCentreId: "cc-port-aird" },
        { organisationId: "org-new-leaf", custodyCentreId: "cc-westmuir" },
        { organisationId: "org-new-leaf", custodyCentreId: "cc-ardlachan" },
        { organisationId: "org-new-leaf", custodyCentreId: "cc-glenbrae" },
        // Port Aird sits on the boundary: both providers cover it.
        { organisationId: "org-new-leaf", custodyCentreId: "cc-port-aird" },
      ])
      .run();

    // Outside custody each provider covers the council areas of its centres (decision 014).
    tx.insert(providerAreas)
      .values([
        { organisationId: "org-firth-recovery", areaId: "la-northfirth" },
        { organisationId: "org-firth-recovery", areaId: "la-kelmoor" },
        { organisationId: "org-new-leaf", areaId: "la-westmuir" },
        { organisationId: "org-new-leaf", areaId: "la-ardlachan" },
      ])
      .run();

    tx.insert(commissionerAreas)
      .values([{ organisationId: "org-nk-adp", areaId: "adp-northfirth-kelmoor" }])
      .run();

    const organisationIdByName = new Map(organisationSeeds.map((o) => [o.name, o.id!]));
    const verifiedAt = new Date(Date.now() - 40 * 86400_000).toISOString();
    for (const s of serviceSeeds) {
      tx.insert(services)
        .values({
          id: s.id,
          organisationId: organisationIdByName.get(s.organisation)!,
          name: s.name,
          kind: s.kind,
          description: s.description,
          address: addressLine({ addressLine1: s.address, addressLine2: "", city: s.city }),
          addressLine1: s.address,
          city: s.city,
          postcode: s.postcode,
          phone: s.phone,
          // Where Pathway emails news of new referrals (shown in the Outbox in the demo).
          referralEmail: `referrals+${s.id.replace(/^svc-/, "")}@pathway.example`,
          hours: s.hours,
          eligibility: s.eligibility,
          typicalWaitDays: s.typicalWaitDays,
          capacityPerMonth: s.capacityPerMonth,
          isTakingReferrals: s.isTakingReferrals ?? true,
          lastVerifiedAt: s.id === "svc-employability" ? "2025-11-02T10:00:00.000Z" : verifiedAt,
        })
        .run();
      tx.insert(serviceAreas)
        .values(s.areas.map((areaId) => ({ serviceId: s.id, areaId })))
        .run();
    }

    tx.insert(users)
      .values(
        demoUsers.map((u) => ({
          id: `user-${u.email.split("@")[0].replace(/\W/g, "-")}`,
          email: u.email,
          name: u.name,
          role: u.role,
          organisationId: organisationIdByName.get(u.organisation)!,
          passwordHash,
          ...(u.role === "administrator"
            ? { totpSecret: DEMO_ADMIN_TOTP_SECRET, totpEnabledAt: new Date().toISOString(), recoveryCodeHashes: [] }
            : {}),
        })),
      )
      .run();
    // Self-referrals from /help that no area's provider takes go to Firth Recovery (decision 032).
    tx.insert(settings)
      .values({ key: "self_referral_default_provider_id", value: "org-firth-recovery" })
      .onConflictDoUpdate({ target: settings.key, set: { value: "org-firth-recovery" } })
      .run();
  });
}

function centre(
  id: string,
  name: string,
  code: string,
  divisionAreaId: string,
  localAuthorityAreaId: string,
  hours = "24 hours",
) {
  return {
    id,
    name,
    code,
    policeOrganisationId: "org-police",
    divisionAreaId,
    localAuthorityAreaId,
    // Custody references look like NFC/24/012345: centre code, two-digit year, six digits.
    custodyReferencePattern: `^${code}/\\d{2}/\\d{6}$`,
    custodyReferenceExample: `${code}/26/004512`,
    hours,
  };
}
