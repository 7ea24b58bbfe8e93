// "Stay signed in": counts as activity now, so the idle timeout starts again. POST only.
import { sessionTimeLeft } from "~/server/auth.server";
import type { ActionFunctionArgs } from "@remix-run/node";

export async function loader() {
  return new Response("Use POST to stay signed in.", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return new Response("Use POST to stay signed in.", { status: 405, headers: { Allow: "POST" } });
  const left = await sessionTimeLeft(request, { stayActive: true });
  return Response.json(left ? { isSignedIn: true, ...left } : { isSignedIn: false, seconds: 0 }, {
    status: left ? 200 : 401,
  });
}
