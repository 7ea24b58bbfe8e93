// How long the signed-in session has left, for the idle-timeout warning. Asking does not count
// as activity, so an open tab cannot keep a session alive on its own.
import { sessionTimeLeft } from "~/server/auth.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const left = await sessionTimeLeft(request);
  // The server marks every answer no-store.
  return Response.json(left ? { isSignedIn: true, ...left } : { isSignedIn: false, seconds: 0 });
}
