// The request side of signing in: the session cookie, and the one call at the top of every
// loader and action that returns the signed-in user or throws (redirect to sign-in, 403, 404).
import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import type { Organisation, User } from "#db/schema";
import type { ActorAudit } from "~/domain/audit.server";
import { decide, type Action, type Actor, type Resource } from "~/domain/permissions";
import { loadActor, organisationById } from "~/domain/permissions.server";
import { endSession, findActiveSession, secondsLeft, startSession, touchSession } from "~/domain/sessions.server";
import { isProduction, sessionSecret } from "~/utils/env.server";
import { getDb } from "./db.server";

// The __Host- prefix needs Secure, which needs https: production only.
const sessionCookie = () =>
  createCookie(isProduction() ? "__Host-pathway_session" : "pathway_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    secrets: [sessionSecret()],
  });

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by the server's per-address rate limit of sign-in: seconds until this address may try again. */
    signInRetryAfterSeconds?: number;
  }
}

type RequestArgs = { request: Request; context: AppLoadContext };

/** The sign-in steps' answer when this address has tried too often: a page saying when to try again. */
export function tooManySignInAttempts(context: AppLoadContext): { message: string; seconds: number } | null {
  const seconds = context.signInRetryAfterSeconds ?? 0;
  if (seconds <= 0) return null;
  const minutes = Math.ceil(seconds / 60);
  return {
    seconds,
    message: `There have been too many attempts to sign in from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again.`,
  };
}

// Between a right password and the second factor: who, which step, where to go after, and
// until when. Signed, short-lived and never a session: it opens nothing but the code page.
const PENDING_SIGN_IN_MINUTES = 5;
const pendingSignInCookie = () =>
  createCookie(isProduction() ? "__Host-pathway_pending_sign_in" : "pathway_pending_sign_in", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    maxAge: PENDING_SIGN_IN_MINUTES * 60,
    secrets: [sessionSecret()],
  });

export type PendingSignIn = {
  userId: string;
  step: "two-factor" | "two-factor-setup";
  redirectTo: string;
  expiresAt: number;
};

export async function startPendingSignIn(pending: Omit<PendingSignIn, "expiresAt">, now = Date.now()): Promise<string> {
  return pendingSignInCookie().serialize({ ...pending, expiresAt: now + PENDING_SIGN_IN_MINUTES * 60_000 });
}

export async function clearPendingSignInCookie(): Promise<string> {
  return pendingSignInCookie().serialize("", { maxAge: 0 });
}

/** The pending sign-in in the request, when it is for this step and has not run out. */
export async function getPendingSignIn(
  request: Request,
  step: PendingSignIn["step"],
  now = Date.now(),
): Promise<PendingSignIn | null> {
  const value = await pendingSignInCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const pending = value as Partial<PendingSignIn>;
  if (typeof pending.userId !== "string" || pending.step !== step || typeof pending.expiresAt !== "number") return null;
  if (pending.expiresAt < now) return null;
  return {
    userId: pending.userId,
    step,
    redirectTo: safeRedirectTo(pending.redirectTo, "/"),
    expiresAt: pending.expiresAt,
  };
}

async function sessionToken(request: Request): Promise<string | null> {
  const token = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof token === "string" && token.length > 0 ? token : null;
}

export type SignedIn = {
  user: User;
  organisation: Organisation;
  actor: Actor;
  audit: ActorAudit;
  session: { expiresAt: string; lastSeenAt: string };
};

// Read once per request: the root loader, the page's loader and an action all ask, each with
// its own copy of the Request but the one load context Remix makes per request. The cookie is
// compared too, so a context reused with another cookie (a test's) is read again.
const signedInByRequest = new WeakMap<object, { cookie: string | null; signedIn: Promise<SignedIn | null> }>();

export function getSignedIn(args: RequestArgs): Promise<SignedIn | null> {
  const key = args.context as object | undefined;
  if (!key) return readSignedIn(args);
  const cookie = args.request.headers.get("Cookie");
  const known = signedInByRequest.get(key);
  if (known && known.cookie === cookie) return known.signedIn;
  const signedIn = readSignedIn(args);
  signedInByRequest.set(key, { cookie, signedIn });
  return signedIn;
}

async function readSignedIn({ request, context }: RequestArgs): Promise<SignedIn | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const db = getDb();
  const active = findActiveSession(db, token);
  if (!active) return null;
  const organisation = organisationById(db).get({ id: active.user.organisationId });
  if (!organisation || !organisation.isActive) return null;
  return {
    user: active.user,
    organisation,
    actor: loadActor(db, active.user, organisation),
    audit: { userId: active.user.id, organisationId: organisation.id, ipAddress: context.clientAddress ?? null },
    session: { expiresAt: active.expiresAt, lastSeenAt: active.lastSeenAt },
  };
}

/**
 * How long the request's session has left, without counting the question as activity — or,
 * with `stayActive`, after counting it ("Stay signed in"). Null when there is no session.
 */
export async function sessionTimeLeft(request: Request, { stayActive = false } = {}) {
  const token = await sessionToken(request);
  if (!token) return null;
  const db = getDb();
  const active = stayActive ? touchSession(db, token) : findActiveSession(db, token, new Date(), { touch: false });
  return active ? secondsLeft(active) : null;
}

export async function requireSignedIn(args: RequestArgs): Promise<SignedIn> {
  const signedIn = await getSignedIn(args);
  if (!signedIn) {
    const url = new URL(args.request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo })}`);
  }
  return signedIn;
}

/** Signed-in user allowed to do `action` (to `resource`), or a thrown 403 / 404. */
export async function requirePermission(args: RequestArgs, action: Action, resource?: Resource): Promise<SignedIn> {
  const signedIn = await requireSignedIn(args);
  assertPermission(signedIn.actor, action, resource);
  return signedIn;
}

export function assertPermission(actor: Actor, action: Action, resource?: Resource) {
  const decision = decide(actor, action, resource);
  if (decision === "forbidden") throw new Response("You do not have access to this page.", { status: 403 });
  if (decision === "not_found") throw new Response("Not found", { status: 404 });
}

export async function signInCookie(userId: string, { request, context }: RequestArgs): Promise<string> {
  if (context) signedInByRequest.delete(context);
  const token = startSession(getDb(), userId, {
    ipAddress: context.clientAddress ?? null,
    userAgent: request.headers.get("User-Agent"),
  });
  return sessionCookie().serialize(token);
}

export async function signOutCookie(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) endSession(getDb(), token);
  return sessionCookie().serialize("", { maxAge: 0 });
}

// Any origin of ours will do: only whether the target stays on it matters.
const OWN_ORIGIN = "https://pathway.invalid";

/**
 * Only same-site paths: never send someone to another site after signing in. The value is
 * resolved as a browser would (tabs and newlines dropped, backslashes read as slashes, %-forms
 * decoded where a browser decodes them) and accepted only if it stays on our origin with a
 * path starting with a single "/"; what comes back is the resolved path, never the raw text.
 */
export function safeRedirectTo(value: unknown, fallback: string): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (
    url.origin !== OWN_ORIGIN ||
    !url.pathname.startsWith("/") ||
    url.pathname.startsWith("//") ||
    url.pathname.startsWith("/\\")
  )
    return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
