// Issue 21 item 6: a campaign's results, step by step, for the police organisation that ran it
// and its named partners only, every count protected by the disclosure rule (decision 013).
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { arrestReferrals, campaignPageOpens, campaigns, users } from "#db/schema";
import {
  campaignResource,
  campaignResults,
  findCampaignForResults,
  visibleCampaigns,
} from "~/domain/campaign-results.server";
import { SMALL_COUNT_MAX } from "~/domain/disclosure";
import { decide } from "~/domain/permissions";
import { loadActor } from "~/domain/permissions.server";
import { countPageOpen, submitSelfReferral } from "~/domain/self-referrals.server";
import { uniqueName } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

let db: Db;
let sequence = 0;

function makeCampaign(db: Db, providerOrganisationId = "org-firth-recovery") {
  sequence += 1;
  const id = `campaign-results-${sequence}`;
  const now = new Date().toISOString();
  db.insert(campaigns)
    .values({
      id,
      name: `Operation ${uniqueName("Results")}`,
      code: `R${sequence}X${Date.now().toString(36).toUpperCase().slice(-4)}`,
      policeOrganisationId: "org-police",
      providerOrganisationId,
      commissionerOrganisationId: "org-nk-adp",
      status: "sending",
      createdByUserId: "user-custody",
      createdAt: now,
      updatedAt: now,
    } as never)
    .run();
  return db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
}

function selfRefer(db: Db, campaign: ReturnType<typeof makeCampaign>, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const result = submitSelfReferral(db, {
      campaign: {
        id: campaign.id,
        code: campaign.code,
        providerOrganisationId: campaign.providerOrganisationId,
        areaId: null,
      },
      clientAddress: `192.0.2.${sequence * 20 + i}`,
      input: {
        name: uniqueName("Pat"),
        contactBy: "phone",
        phone: "07700 900111",
        mayLeaveMessage: false,
        contactTimes: [],
        needs: ["drugs"],
        language: "en",
        areaId: null,
      },
    });
    if (result.outcome !== "referred") throw new Error(result.outcome);
    ids.push(result.referralId);
  }
  return ids;
}

const actorFor = (userId: string) => loadActor(db, db.select().from(users).where(eq(users.id, userId)).get()!);

beforeAll(() => {
  db = createDemoWorldDb();
});

describe("campaign results", () => {
  it("count each step; with record keys of 0 a count of 5 or more shows as it is", () => {
    const campaign = makeCampaign(db);
    const ids = selfRefer(db, campaign, 7);
    db.update(arrestReferrals).set({ recordKey: 0 }).where(inArray(arrestReferrals.id, ids)).run();
    db.update(arrestReferrals)
      .set({ firstContactAt: new Date().toISOString() })
      .where(inArray(arrestReferrals.id, ids.slice(0, 5)))
      .run();
    const [result] = campaignResults(db, [campaign]);
    expect(result.cells.selfReferred).toMatchObject({ status: "shown", value: 7 });
    expect(result.cells.contacted).toMatchObject({ status: "shown", value: 5 });
    expect(result.cells.assessed).toMatchObject({ status: "shown", value: 0 });
    expect(result.rates.contactedOfSelfReferred.text).toBe("71.4%");
  });

  it("never show a small count: 1 to 4 self-referrals or page opens read as 0 or 5 or more", () => {
    for (let n = 1; n <= SMALL_COUNT_MAX; n++) {
      const campaign = makeCampaign(db);
      selfRefer(db, campaign, n);
      for (let i = 0; i < n; i++) countPageOpen(db, campaign.id);
      const [result] = campaignResults(db, [campaign]);
      for (const cell of [result.cells.selfReferred, result.cells.opened]) {
        expect(cell.status).toBe("shown");
        expect(cell.value === 0 || (cell.value ?? 0) > SMALL_COUNT_MAX, `${n} shown as ${cell.value}`).toBe(true);
      }
      // The same records always give the same figure: asking again cannot average the noise away.
      expect(campaignResults(db, [campaign])[0].cells).toEqual(result.cells);
    }
    expect(
      db
        .select()
        .from(campaignPageOpens)
        .all()
        .every((row) => Object.keys(row).length === 3),
    ).toBe(true);
  });

  it("are for the police organisation and the named partners: others are refused or find nothing", () => {
    const campaign = makeCampaign(db);
    const resource = campaignResource(campaign);
    expect(decide(actorFor("user-custody"), "campaign-results:view", resource)).toBe("allow");
    expect(decide(actorFor("user-worker"), "campaign-results:view", resource)).toBe("allow");
    expect(decide(actorFor("user-commissioner"), "campaign-results:view", resource)).toBe("allow");
    expect(decide(actorFor("user-admin"), "campaign-results:view", resource)).toBe("allow");
    expect(decide(actorFor("user-worker-west"), "campaign-results:view", resource)).toBe("not_found");
    expect(decide(actorFor("user-service"), "campaign-results:view", resource)).toBe("forbidden");

    expect(visibleCampaigns(db, actorFor("user-worker")).map((c) => c.id)).toContain(campaign.id);
    expect(visibleCampaigns(db, actorFor("user-worker-west")).map((c) => c.id)).not.toContain(campaign.id);
    expect(findCampaignForResults(db, campaign.id)?.providerName).toBe("Firth Recovery Partnership");
  });

  it("compare campaigns side by side, each with its own figures", () => {
    const a = makeCampaign(db);
    const b = makeCampaign(db);
    const idsA = selfRefer(db, a, 6);
    db.update(arrestReferrals).set({ recordKey: 0 }).where(inArray(arrestReferrals.id, idsA)).run();
    const results = campaignResults(db, [a, b]);
    expect(results.map((r) => [r.campaign.id, r.cells.selfReferred.value])).toEqual([
      [a.id, 6],
      [b.id, 0],
    ]);
  });
});
