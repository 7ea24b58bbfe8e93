// What each consent lets each viewer see: the one table in app/domain/permissions.ts
// (consentVisibility, shown in docs/security.md), every cell checked here, and the pages that
// follow it checked with a person both Firth Recovery and New Leaf have worked with.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { CONSENT_SCOPES, consents, users, type ConsentScope, type Role } from "#db/schema";
import { recordConsent } from "~/domain/consents.server";
import { custodyHistory } from "~/domain/people.server";
import {
  consentAllows,
  consentRelation,
  consentVisibility,
  type Actor,
  type ConsentPart,
  type ConsentRelation,
  type ConsentResource,
} from "~/domain/permissions";
import { signInCookie } from "~/server/auth.server";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const PARTS: ConsentPart[] = ["consent", "assessment", "shared_sections", "outcomes", "contact"];
const ALL: ConsentPart[] = ["consent", "assessment", "outcomes", "contact"];

/** The table as docs/security.md states it; the code's table must say exactly this. */
const expected: Record<ConsentScope, Record<ConsentRelation, ConsentPart[]>> = {
  speak_to_worker: {
    own_provider: ["consent", "assessment", "outcomes"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ALL,
  },
  share_assessment_with_service: {
    own_provider: ["consent"],
    other_provider: [],
    named_service: ["consent", "shared_sections"],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ALL,
  },
  contact_after_release: {
    own_provider: ["consent", "contact"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ALL,
  },
  share_outcomes_with_custody: {
    own_provider: ["consent"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: ["outcomes"],
    referring_police: ["outcomes"],
    commissioner: [],
    administrator: ALL,
  },
  refer_to_service: {
    own_provider: [],
    other_provider: [],
    named_service: ["consent", "contact"],
    other_service: [],
    custody: [],
    referring_police: ["consent"],
    commissioner: [],
    administrator: ALL,
  },
  share_outcomes_with_police: {
    own_provider: [],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: ["consent", "outcomes"],
    commissioner: [],
    administrator: ALL,
  },
  self_referral: {
    own_provider: ["consent", "assessment", "outcomes", "contact"],
    other_provider: [],
    named_service: [],
    other_service: [],
    custody: [],
    referring_police: [],
    commissioner: [],
    administrator: ALL,
  },
};

const actorOf = (role: Role, links: { centreIds?: string[]; serviceIds?: string[] } = {}): Actor => ({
  userId: "u",
  role,
  organisationId: "o",
  centreIds: new Set(links.centreIds ?? []),
  serviceIds: new Set(links.serviceIds ?? []),
  areaIds: new Set(),
  fundsAllAreas: false,
});

/** For each relation, someone who stands in it to a consent recorded at cc-a naming svc-a, on a referral force-a made. */
const viewers: Record<ConsentRelation, Actor> = {
  own_provider: actorOf("referral_worker", { centreIds: ["cc-a"] }),
  other_provider: actorOf("referral_worker", { centreIds: ["cc-b"] }),
  named_service: actorOf("service_worker", { serviceIds: ["svc-a"] }),
  other_service: actorOf("service_worker", { serviceIds: ["svc-b"] }),
  custody: actorOf("custody_officer", { centreIds: ["cc-b"] }),
  // An officer of the force that made the referral the consent was recorded on (patrol, decision 030).
  referring_police: { ...actorOf("police_officer"), organisationId: "force-a" },
  commissioner: actorOf("commissioner"),
  administrator: actorOf("administrator"),
};

describe("the consent-visibility table", () => {
  for (const scope of CONSENT_SCOPES) {
    for (const relation of Object.keys(viewers) as ConsentRelation[]) {
      it(`${scope} × ${relation}: ${expected[scope][relation].join(", ") || "nothing"}`, () => {
        const consent: ConsentResource = {
          type: "consent",
          scope,
          custodyCentreId: "cc-a",
          providerOrganisationId: null,
          policeOrganisationId: "force-a",
          serviceId: "svc-a",
        };
        expect(consentRelation(viewers[relation], consent)).toBe(relation);
        expect([...consentVisibility[scope][relation]].sort()).toEqual([...expected[scope][relation]].sort());
        for (const part of PARTS)
          expect(consentAllows(viewers[relation], consent, part), part).toBe(expected[scope][relation].includes(part));
      });
    }
  }

  it("a consent recorded on no case is no provider's own", () => {
    expect(
      consentRelation(viewers.own_provider, {
        type: "consent",
        scope: "speak_to_worker",
        custodyCentreId: null,
        providerOrganisationId: null,
        policeOrganisationId: null,
        serviceId: null,
      }),
    ).toBe("other_provider");
  });

  it("a consent on a case from outside custody is its named provider's own (decision 014)", () => {
    const consent: ConsentResource = {
      type: "consent",
      scope: "contact_after_release",
      custodyCentreId: null,
      providerOrganisationId: "o",
      policeOrganisationId: null,
      serviceId: null,
    };
    expect(consentRelation(viewers.own_provider, consent)).toBe("own_provider");
    expect(consentRelation({ ...viewers.own_provider, organisationId: "another" }, consent)).toBe("other_provider");
  });
});

describe("the pages follow it, for a person Firth Recovery and New Leaf have both worked with", () => {
  let db: Db;
  const context = { clientAddress: "127.0.0.1", cspNonce: "" };
  let firth: ReturnType<typeof makeReferral>;
  let west: ReturnType<typeof makeReferral>;

  beforeAll(() => {
    db = createDemoWorldDb();
    globalThis.__pathwayDb = db;
    firth = makeReferral(db, { centreId: "cc-northfirth" });
    west = makeReferral(db, { centreId: "cc-westmuir", personId: firth.personId } as never);
    const worker = db.select().from(users).where(eq(users.id, "user-worker")).get()!;
    const audit = { userId: worker.id, organisationId: worker.organisationId, ipAddress: null };
    // Firth's work: an assessment with an AUDIT-C score, outcomes shared with custody, contact after release.
    db.$client
      .prepare(
        "INSERT INTO needs_assessments (id, arrest_referral_id, person_id, status, worker_user_id, organisation_id, answers, alcohol_level, audit_c_score, started_at, updated_at, completed_at) VALUES ('firth-assessment', ?, ?, 'completed', ?, ?, '{}', 'high', 11, ?, ?, ?)",
      )
      .run(
        firth.referralId,
        firth.personId,
        worker.id,
        worker.organisationId,
        new Date().toISOString(),
        new Date().toISOString(),
        new Date().toISOString(),
      );
    db.$client
      .prepare("UPDATE arrest_referrals SET assigned_organisation_id = ? WHERE id = ?")
      .run(worker.organisationId, firth.referralId);
    recordConsent(db, audit, firth.referralId, { scope: "share_outcomes_with_custody", method: "verbal" });
    recordConsent(db, audit, firth.referralId, {
      scope: "contact_after_release",
      method: "verbal",
      contactMethod: "FIRTH-CONTACT-METHOD",
    });
    makeOnwardReferral(db, { referralId: firth.referralId, serviceId: "svc-nads-treatment", status: "accepted" });
  });
  afterAll(() => {
    globalThis.__pathwayDb = undefined;
  });

  async function caseAs(userId: string, referralId: string) {
    const { loader } = await import("~/routes/worker.referrals.$referralId._index");
    const cookie = (await signInCookie(userId, { request: new Request("http://localhost/"), context })).split(";")[0];
    const request = new Request(`http://localhost/worker/referrals/${referralId}`, { headers: { Cookie: cookie } });
    return (await loader({ request, params: { referralId }, context } as never)) as Awaited<ReturnType<typeof loader>>;
  }

  it("New Leaf sees none of Firth's consents, and neither its need levels nor its AUDIT-C score", async () => {
    const page = await caseAs("user-worker-west", west.referralId);
    const firthConsentIds = db
      .select({ id: consents.id })
      .from(consents)
      .where(eq(consents.arrestReferralId, firth.referralId))
      .all()
      .map((c) => c.id);
    expect(firthConsentIds.length).toBeGreaterThanOrEqual(3);
    expect(page.consents.map((c) => c.id).filter((id) => firthConsentIds.includes(id))).toEqual([]);
    const firthCase = page.history.find((h) => h.id === firth.referralId)!;
    expect(firthCase.isShared).toBe(false);
    expect(firthCase.assessment).toBeNull();
    expect(firthCase.onward).toEqual([]);
    expect(JSON.stringify(page)).not.toContain("FIRTH-CONTACT-METHOD");
  });

  it("Firth sees its own consents on its case", async () => {
    const page = await caseAs("user-worker", firth.referralId);
    expect(page.consents.map((c) => c.scope).sort()).toEqual([
      "contact_after_release",
      "share_outcomes_with_custody",
      "speak_to_worker",
    ]);
    expect(
      page.consents.every((c) =>
        db
          .select()
          .from(consents)
          .where(and(eq(consents.id, c.id), eq(consents.arrestReferralId, firth.referralId)))
          .get(),
      ),
    ).toBe(true);
  });

  it("custody sees the latest outcome only while outcomes may be shared with custody", () => {
    expect(custodyHistory(db, firth.personId, west.referralId).engagements).toMatchObject([{ status: "accepted" }]);
    db.update(consents)
      .set({ withdrawnAt: new Date().toISOString() })
      .where(and(eq(consents.personId, firth.personId), eq(consents.scope, "share_outcomes_with_custody")))
      .run();
    expect(custodyHistory(db, firth.personId, west.referralId).engagements).toEqual([]);
  });
});
