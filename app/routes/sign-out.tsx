import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/domain/audit.server";
import { getSignedIn, signOutCookie } from "~/server/auth.server";
import { getDb } from "~/server/db.server";

export async function loader() {
  throw redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  const signedIn = await getSignedIn(args);
  if (signedIn) {
    recordAudit(getDb(), signedIn.audit, { action: "sign-out", recordType: "user", recordId: signedIn.user.id });
  }
  throw redirect("/sign-in", { headers: { "Set-Cookie": await signOutCookie(args.request) } });
}
