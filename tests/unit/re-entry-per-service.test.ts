// Re-entry: custody sees each service's latest status, so a good outcome with one service is
// not hidden by a later, unrelated one with another.
import { describe, expect, it } from "vitest";
import { custodyHistory } from "~/domain/people.server";
import { giveOutcomeSharingConsent, makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

describe("what custody sees of a returning person's services", () => {
  it("shows the latest status of each service, most recent first", () => {
    const db = createDemoWorldDb();
    const first = makeReferral(db);
    giveOutcomeSharingConsent(db, first.personId);
    makeOnwardReferral(db, {
      referralId: first.referralId,
      serviceId: "svc-nads-treatment",
      status: "in-progress",
      daysAgo: 60,
    });
    makeOnwardReferral(db, {
      referralId: first.referralId,
      serviceId: "svc-nads-treatment",
      status: "completed",
      daysAgo: 20,
    });
    makeOnwardReferral(db, {
      referralId: first.referralId,
      serviceId: "svc-harbour-housing",
      status: "rejected",
      daysAgo: 5,
    });

    const history = custodyHistory(db, first.personId);
    expect(history.engagements.map((e) => [e.serviceName, e.status])).toEqual([
      ["Harbour Housing Advice", "rejected"],
      ["Northfirth Drug and Alcohol Treatment", "completed"],
    ]);
  });

  it("shows no service at all without consent to share outcomes with custody", () => {
    const db = createDemoWorldDb();
    const first = makeReferral(db);
    makeOnwardReferral(db, {
      referralId: first.referralId,
      serviceId: "svc-nads-treatment",
      status: "completed",
      daysAgo: 20,
    });
    expect(custodyHistory(db, first.personId).engagements).toEqual([]);
  });
});
