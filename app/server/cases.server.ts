// The one check at the top of every page about a single arrest referral: the role may use
// that side of Pathway and the referral is within the user's organisation's reach.
import { custodyReferralView } from "~/domain/custody.server";
import type { Action } from "~/domain/permissions";
import { referralResource } from "~/domain/referrals.server";
import { requirePermission } from "./auth.server";
import { getDb } from "./db.server";
import { invariantResponse } from "./http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

async function requireCase(args: LoaderFunctionArgs, area: Action, onReferral: Action) {
  await requirePermission(args, area);
  const db = getDb();
  const view = custodyReferralView(db, args.params.referralId ?? "");
  invariantResponse(view, "Not found", { status: 404 });
  const signedIn = await requirePermission(args, onReferral, referralResource(db, view.referral));
  return { signedIn, view };
}

/** A referral worker's case, at a centre their provider covers. */
export const requireWorkerCase = (args: LoaderFunctionArgs) => requireCase(args, "worker:use", "referral:work");

/**
 * A custody officer's referral, at a centre of their force. Custody's page is about a custody
 * episode: a referral from another door (decision 014) opens on the officers' pages instead.
 */
export async function requireCustodyCase(args: LoaderFunctionArgs) {
  const { signedIn, view } = await requireCase(args, "custody:use", "referral:view");
  const { episode, centreName } = view;
  invariantResponse(episode && centreName !== null, "Not found", { status: 404 });
  return { signedIn, view: { ...view, episode, centreName } };
}

/** What every page shows of the custody episode (kept with the worker case view in the domain). */
