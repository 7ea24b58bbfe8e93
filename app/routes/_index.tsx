import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homeFor } from "~/domain/permissions";
import { getSignedIn } from "~/server/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(args);
  throw redirect(signedIn ? homeFor[signedIn.user.role] : "/sign-in");
}
