// What an outreach campaign achieved, step by step, for the police organisation that ran it and
// its named partners (the provider who answers, the commissioner): texts sent, delivered, failed,
// numbers opted out, page opened, self-referrals and what became of them. Every count goes
// through the disclosure rule (app/domain/disclosure.ts, decision 013) like every other figure.
import { createHash } from "node:crypto";
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { campaignPageOpens, campaigns, organisations } from "#db/schema";
import { RECORD_KEY_RANGE, countCell, noDataCell, rateCell, type Cell } from "./disclosure";
import type { CampaignStep } from "./campaign-results";
import type { Actor, Resource } from "./permissions";

/** A campaign as the permission module sees it: the organisations named on it. */
export type CampaignResource = Extract<Resource, { type: "campaign" }>;

export function campaignResource(campaign: {
  policeOrganisationId: string;
  providerOrganisationId: string;
  commissionerOrganisationId: string | null;
}): CampaignResource {
  return {
    type: "campaign",
    policeOrganisationId: campaign.policeOrganisationId,
    providerOrganisationId: campaign.providerOrganisationId,
    commissionerOrganisationId: campaign.commissionerOrganisationId,
  };
}

/** A fixed key in [0, RECORD_KEY_RANGE) for a record that has no stored record key (a message). */
export function derivedRecordKey(id: string): number {
  return parseInt(createHash("sha256").update(id).digest("hex").slice(0, 8), 16) % RECORD_KEY_RANGE;
}

type Keyed = { n: number; key: number };
const zero = (): Keyed => ({ n: 0, key: 0 });

/**
 * Texts come from the sending side: one `campaign_numbers` row per number ("sent" once handed
 * to Notify or the outbox; delivery_status "delivered" or "permanent-failure" from receipts).
 * Opt-outs are the do-not-contact entries credited to the campaign.
 */
function messageFigures(db: Queryable, campaignIds: string[]) {
  const result = new Map<string, Record<"sent" | "delivered" | "failed" | "optedOut", Keyed> | null>();
  for (const id of campaignIds) {
    const figures = { sent: zero(), delivered: zero(), failed: zero(), optedOut: zero() };
    const rows = db.all<{ id: string; status: string; delivery: string | null }>(
      sql`SELECT id, status, delivery_status AS delivery FROM campaign_numbers WHERE campaign_id = ${id}`,
    );
    for (const row of rows) {
      const key = derivedRecordKey(row.id);
      const add = (k: keyof typeof figures) => {
        figures[k].n += 1;
        figures[k].key += key;
      };
      if (row.status === "sent") add("sent");
      if (row.delivery === "delivered") add("delivered");
      if (row.delivery === "permanent-failure") add("failed");
    }
    result.set(id, figures);
  }
  return result;
}

/** Self-referrals from each campaign and how far each has gone, with record-key sums. */
function referralFigures(db: Queryable, campaignIds: string[]) {
  if (!campaignIds.length) return [];
  return db.all<Record<string, number | string>>(sql`
    WITH r AS (
      SELECT ar.campaign_id AS campaign_id, ar.record_key AS rk,
        ar.first_contact_at IS NOT NULL AS contacted,
        EXISTS (SELECT 1 FROM needs_assessments na WHERE na.arrest_referral_id = ar.id AND na.status = 'completed') AS assessed,
        EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id) AS referred_on,
        EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND onr.first_attended_at IS NOT NULL) AS attended,
        EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND
          (SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e
            WHERE e.onward_referral_id = onr.id AND e.kind = 'engagement_check_12_weeks'
            ORDER BY e.recorded_at DESC LIMIT 1) = 'engaged') AS engaged
      FROM arrest_referrals ar
      WHERE ar.source = 'self_referral' AND ar.campaign_id IN (${sql.join(
        campaignIds.map((id) => sql`${id}`),
        sql`, `,
      )})
    )
    SELECT campaign_id AS campaignId,
      count(*) AS selfReferred, coalesce(sum(rk), 0) AS selfReferredKey,
      sum(contacted) AS contacted, coalesce(sum(CASE WHEN contacted THEN rk ELSE 0 END), 0) AS contactedKey,
      sum(assessed) AS assessed, coalesce(sum(CASE WHEN assessed THEN rk ELSE 0 END), 0) AS assessedKey,
      sum(referred_on) AS referredOn, coalesce(sum(CASE WHEN referred_on THEN rk ELSE 0 END), 0) AS referredOnKey,
      sum(attended) AS attended, coalesce(sum(CASE WHEN attended THEN rk ELSE 0 END), 0) AS attendedKey,
      sum(engaged) AS engaged12Weeks, coalesce(sum(CASE WHEN engaged THEN rk ELSE 0 END), 0) AS engaged12WeeksKey
    FROM r GROUP BY campaign_id`);
}

export type CampaignResults = {
  campaign: { id: string; name: string; code: string; status: string; createdAt: string };
  cells: Record<CampaignStep, Cell>;
  /** Self-referred ÷ delivered; contacted ÷ self-referred; engaged ÷ self-referred. */
  rates: { selfReferredOfDelivered: Cell; contactedOfSelfReferred: Cell; engagedOfSelfReferred: Cell };
};

/** The campaigns this user may see the results of: their organisation is named on them (all, for administrators). */
export function visibleCampaigns(db: Queryable, actor: Pick<Actor, "role" | "organisationId">) {
  const base = db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      code: campaigns.code,
      status: campaigns.status,
      createdAt: campaigns.createdAt,
      policeOrganisationId: campaigns.policeOrganisationId,
      providerOrganisationId: campaigns.providerOrganisationId,
      commissionerOrganisationId: campaigns.commissionerOrganisationId,
    })
    .from(campaigns);
  const named =
    actor.role === "administrator"
      ? undefined
      : or(
          eq(campaigns.policeOrganisationId, actor.organisationId),
          eq(campaigns.providerOrganisationId, actor.organisationId),
          eq(campaigns.commissionerOrganisationId, actor.organisationId),
        );
  return base
    .where(and(named, inArray(campaigns.status, ["approved", "sending", "paused", "stopped", "finished"])))
    .orderBy(desc(campaigns.createdAt))
    .all();
}

export function findCampaignForResults(db: Queryable, campaignId: string) {
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      code: campaigns.code,
      status: campaigns.status,
      createdAt: campaigns.createdAt,
      policeOrganisationId: campaigns.policeOrganisationId,
      providerOrganisationId: campaigns.providerOrganisationId,
      commissionerOrganisationId: campaigns.commissionerOrganisationId,
      providerName: organisations.name,
    })
    .from(campaigns)
    .innerJoin(organisations, eq(organisations.id, campaigns.providerOrganisationId))
    .where(eq(campaigns.id, campaignId))
    .get();
}

/** Each campaign's figures, perturbed: nothing but Cells leaves this function. */
export function campaignResults(
  db: Queryable,
  list: { id: string; name: string; code: string; status: string; createdAt: string }[],
): CampaignResults[] {
  const ids = list.map((c) => c.id);
  const messages = messageFigures(db, ids);
  const optOuts = new Map<string, Keyed>();
  for (const o of db.all<{ campaignId: string; hash: string }>(
    sql`SELECT campaign_id AS campaignId, number_hash AS hash FROM do_not_contact WHERE campaign_id IN (${sql.join(
      ids.length ? ids.map((id) => sql`${id}`) : [sql`NULL`],
      sql`, `,
    )})`,
  )) {
    const figure = optOuts.get(o.campaignId) ?? zero();
    figure.n += 1;
    figure.key += derivedRecordKey(o.hash);
    optOuts.set(o.campaignId, figure);
  }
  const referrals = new Map(referralFigures(db, ids).map((r) => [String(r.campaignId), r]));
  const opens = new Map(
    ids.length
      ? db
          .select({ campaignId: campaignPageOpens.campaignId, n: sql<number>`sum(${campaignPageOpens.opens})` })
          .from(campaignPageOpens)
          .where(inArray(campaignPageOpens.campaignId, ids))
          .groupBy(campaignPageOpens.campaignId)
          .all()
          .map((o) => [o.campaignId, Number(o.n)])
      : [],
  );
  return list.map((campaign) => {
    const m = messages.get(campaign.id);
    const r = referrals.get(campaign.id);
    const fromReferrals = (step: CampaignStep) => countCell(Number(r?.[step] ?? 0), Number(r?.[`${step}Key`] ?? 0));
    const fromMessages = (step: "sent" | "delivered" | "failed" | "optedOut"): Cell =>
      m ? countCell(m[step].n, m[step].key) : noDataCell();
    // Opens are a tally with no records behind it: its key is fixed per campaign.
    const opened = countCell(opens.get(campaign.id) ?? 0, derivedRecordKey(`${campaign.id}:opened`));
    const cells: Record<CampaignStep, Cell> = {
      sent: fromMessages("sent"),
      delivered: fromMessages("delivered"),
      failed: fromMessages("failed"),
      optedOut: countCell(optOuts.get(campaign.id)?.n ?? 0, optOuts.get(campaign.id)?.key ?? 0),
      opened,
      selfReferred: fromReferrals("selfReferred"),
      contacted: fromReferrals("contacted"),
      assessed: fromReferrals("assessed"),
      referredOn: fromReferrals("referredOn"),
      attended: fromReferrals("attended"),
      engaged12Weeks: fromReferrals("engaged12Weeks"),
    };
    return {
      campaign: {
        id: campaign.id,
        name: campaign.name,
        code: campaign.code,
        status: campaign.status,
        createdAt: campaign.createdAt,
      },
      cells,
      rates: {
        selfReferredOfDelivered: rateCell(cells.selfReferred, cells.delivered),
        contactedOfSelfReferred: rateCell(cells.contacted, cells.selfReferred),
        engagedOfSelfReferred: rateCell(cells.engaged12Weeks, cells.selfReferred),
      },
    };
  });
}
