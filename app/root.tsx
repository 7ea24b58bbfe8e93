import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useRouteError,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { getSignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { useNonce } from "./components/nonce";
import { unreadCount } from "./domain/notifications.server";
import { currentNavigationItem, navigationFor, roleLabels } from "./domain/permissions";
import { IDLE_TIMEOUT_MINUTES, secondsLeft } from "./domain/sessions.server";
import stylesheet from "./tailwind.css?url";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(args);
  if (!signedIn) return { user: null, session: null };
  const { user, organisation } = signedIn;
  // Sent on every navigation: only what the page cannot work out from the role itself.
  return {
    user: {
      name: user.name,
      role: user.role,
      organisationName: organisation.name,
      unreadNotifications: unreadCount(getDb(), user.id),
    },
    session: { ...secondsLeft(signedIn.session), idleMinutes: IDLE_TIMEOUT_MINUTES },
  };
}

/**
 * A page for the public (the self-referral page) says `handle = { publicPage: true }` and gives
 * its language in its loader data: the page then has that language and direction, and none of
 * the signed-in header (it has its own).
 */
export type PublicPageData = { language: { lang: string; dir: "ltr" | "rtl" } };

function usePublicPage() {
  const match = [...useMatches()].reverse().find((m) => (m.handle as { publicPage?: boolean } | undefined)?.publicPage);
  if (!match) return null;
  return { language: (match.data as Partial<PublicPageData> | undefined)?.language ?? null };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const language = usePublicPage()?.language;
  return (
    <html lang={language?.lang ?? "en-GB"} dir={language?.dir} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user
    ? { ...data.user, roleLabel: roleLabels[data.user.role], navigation: navigationFor(data.user.role) }
    : null;
  const { pathname } = useLocation();
  const current = user ? currentNavigationItem(user.navigation, pathname) : undefined;
  return (
    <>
      <a
        href="#main-content"
        className="sr-only z-50 bg-amber-300 px-4 py-2 font-semibold text-slate-900 focus:not-sr-only focus:absolute focus:left-2 focus:top-2"
      >
        Skip to main content
      </a>
      <header className="no-print bg-brand-800 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <Link to="/" className="text-xl font-bold text-white no-underline hover:text-white">
            Pathway <span className="sr-only">home</span>
            <span className="ml-2 hidden text-sm font-normal text-brand-100 sm:inline" aria-hidden="true">
              arrest referral
            </span>
          </Link>
          {user ? (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
              <p>
                <span className="font-semibold">{user.name}</span>
                <span className="text-brand-100">
                  {" "}
                  · {user.roleLabel} · {user.organisationName}
                </span>
              </p>
              <Link to="/account/two-factor" className="text-white hover:text-white">
                Sign-in security
              </Link>
              <Link
                to="/notifications"
                className="rounded border border-white/70 px-3 py-1 font-semibold text-white no-underline hover:bg-white/10 hover:text-white"
              >
                Notifications
                {user.unreadNotifications ? (
                  <span className="ml-1 rounded-full bg-amber-400 px-2 text-slate-900">
                    {user.unreadNotifications}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </Link>
              <Form method="post" action="/sign-out">
                <button
                  type="submit"
                  className="rounded border border-white/70 px-3 py-1 font-semibold text-white hover:bg-white/10"
                >
                  Sign out
                </button>
              </Form>
            </div>
          ) : null}
        </div>
        {user ? (
          <nav aria-label="Main" className="bg-brand-900">
            <ul className="mx-auto flex max-w-7xl flex-wrap gap-1 px-4">
              {user.navigation.map((item) => (
                <li key={item.to}>
                  <Link
                    to={item.to}
                    aria-current={item === current ? "page" : undefined}
                    className={`block px-3 py-2 text-sm font-semibold text-white no-underline hover:bg-white/10 hover:text-white ${
                      item === current ? "border-b-4 border-amber-400" : ""
                    }`}
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main-content" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}

export default function App() {
  const { session } = useLoaderData<typeof loader>();
  const publicPage = usePublicPage();
  if (publicPage) return <Outlet />;
  return (
    <Shell>
      <Outlet />
      {session ? (
        <SessionTimeoutWarning initialSecondsLeft={session.seconds} idleMinutes={session.idleMinutes} />
      ) : null}
    </Shell>
  );
}

/** Seconds before the end of a session that the warning shows. */
const WARNING_SECONDS = 60;

type SessionTimeLeft = { isSignedIn: boolean; seconds: number; endsBy?: "idle" | "lifetime" };

/**
 * A minute before the session ends, a warning with "Stay signed in". The page keeps its own
 * estimate from the last page it loaded, and asks the server before warning, because work in
 * another tab may have kept the session alive. When time runs out it goes to the sign-in page.
 */
function SessionTimeoutWarning({
  initialSecondsLeft,
  idleMinutes,
}: {
  initialSecondsLeft: number;
  idleMinutes: number;
}) {
  const location = useLocation();
  const [warning, setWarning] = useState<{ endsAt: number; endsBy: "idle" | "lifetime" } | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const isFirstPage = useRef(true);

  function signInAgain() {
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/sign-in?${new URLSearchParams({ redirectTo: here, reason: "idle" })}`);
  }

  function schedule(left: SessionTimeLeft) {
    clearTimeout(timer.current);
    if (!left.isSignedIn || left.seconds <= 0) return signInAgain();
    if (left.seconds > WARNING_SECONDS + 5) {
      setWarning(null);
      // Ask again shortly before the warning is due; the server's answer decides.
      timer.current = setTimeout(check, (left.seconds - WARNING_SECONDS - 2) * 1000);
      return;
    }
    // eslint-disable-next-line react-hooks/purity -- schedule runs from an effect or a response, never while rendering
    setWarning({ endsAt: Date.now() + left.seconds * 1000, endsBy: left.endsBy ?? "idle" });
    timer.current = setTimeout(check, left.seconds * 1000 + 1000);
  }

  async function ask(url: string, init?: RequestInit) {
    try {
      const response = await fetch(url, { ...init, headers: { Accept: "application/json" } });
      schedule((await response.json()) as SessionTimeLeft);
    } catch {
      // Offline for a moment: ask again soon rather than sign out.
      clearTimeout(timer.current);
      timer.current = setTimeout(check, 10_000);
    }
  }

  const check = () => ask("/session/status");
  const staySignedIn = () => ask("/session/keep-alive", { method: "POST" });

  // Each page loaded is activity: the server has just seen this session (it notes it to the minute).
  useEffect(() => {
    const seconds = isFirstPage.current ? initialSecondsLeft : idleMinutes * 60 - 60;
    isFirstPage.current = false;
    schedule({ isSignedIn: true, seconds });
    // The page now watches its session: browser tests wait for this before they move the clock.
    document.documentElement.dataset.sessionWatch = "on";
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page loaded, not when the callbacks change
  }, [location.key]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (warning && !dialog.open) dialog.showModal();
    if (!warning && dialog.open) dialog.close();
  }, [warning]);

  const endsAt = warning
    ? new Date(warning.endsAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })
    : "";
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="session-warning-title"
      aria-describedby="session-warning-text"
      className="no-print max-w-md rounded-lg border border-slate-300 p-6 shadow-xl backdrop:bg-slate-900/50"
      onCancel={(event) => {
        // Escape means "carry on working", like Stay signed in.
        event.preventDefault();
        if (warning?.endsBy === "idle") void staySignedIn();
      }}
    >
      {warning ? (
        <>
          <h2 id="session-warning-title" className="text-xl font-bold">
            You will be signed out in a minute
          </h2>
          <p id="session-warning-text" className="mt-3">
            {warning.endsBy === "idle"
              ? `Pathway signs you out after ${idleMinutes} minutes without activity, to protect people's records. You will be signed out at ${endsAt}.`
              : `Sessions last at most 12 hours. You will be signed out at ${endsAt}: save your work, then sign in again.`}
          </p>
          <div className="mt-5 flex flex-wrap gap-3">
            {warning.endsBy === "idle" ? (
              <button
                type="button"
                className="button"
                onClick={staySignedIn}
                // eslint-disable-next-line jsx-a11y/no-autofocus -- the modal dialog's main action takes focus, as a dialog should
                autoFocus
              >
                Stay signed in
              </button>
            ) : null}
            <Form method="post" action="/sign-out">
              <button type="submit" className="button-secondary">
                Sign out now
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </dialog>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <ErrorMessage />
    </Shell>
  );
}

/** Plain words for what went wrong; never a stack trace. Route error boundaries reuse it. */
export function ErrorMessage() {
  const error = useRouteError();
  let title = "Something went wrong";
  let message = "Pathway could not show this page. Try again, and if it keeps happening tell your administrator.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      message =
        "There is no page here, or it holds a record you do not have access to. Check the address or go back to your home page.";
    } else if (error.status === 403) {
      title = "You do not have access to this page";
      message = "Your role does not include this part of Pathway. If you think it should, ask your administrator.";
    } else if (error.status === 400) {
      title = "That request could not be understood";
      message = typeof error.data === "string" && error.data ? error.data : message;
    } else if (error.status === 409) {
      title = "That could not be done";
      message = typeof error.data === "string" && error.data ? error.data : message;
    }
  }
  return (
    <div className="card max-w-2xl">
      <h1 className="page-title">{title}</h1>
      <p className="mt-3 text-lg">{message}</p>
      <p className="mt-4">
        <Link to="/">Go to your home page</Link>
      </p>
    </div>
  );
}
