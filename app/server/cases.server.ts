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

/** A custody officer's referral, at a centre of their force. */
export const requireCustodyCase = (args: LoaderFunctionArgs) => requireCase(args, "custody:use", "referral:view");

/** What every page shows of the custody episode (kept with the worker case view in the domain). */
