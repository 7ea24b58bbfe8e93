import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import stylesheet from "./tailwind.css?url";
import { useNonce } from "./components/nonce";
import { navigationFor, roleLabels } from "./domain/permissions";
import { unreadCount } from "./domain/notifications.server";
import { getSignedIn } from "./utils/auth.server";
import { getDb } from "./utils/db.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(args);
  if (!signedIn) return { user: null };
  const { user, organisation } = signedIn;
  return {
    user: {
      name: user.name,
      role: user.role,
      roleLabel: roleLabels[user.role],
      organisationName: organisation.name,
      navigation: navigationFor(user.role),
      unreadNotifications: unreadCount(getDb(), user.id),
    },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB" className="h-full">
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
  const user = data?.user ?? null;
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
                  <NavLink
                    to={item.to}
                    className={({ isActive }) =>
                      `block px-3 py-2 text-sm font-semibold text-white no-underline hover:bg-white/10 hover:text-white ${
                        isActive ? "border-b-4 border-amber-400" : ""
                      }`
                    }
                  >
                    {item.label}
                  </NavLink>
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
  useLoaderData<typeof loader>();
  return (
    <Shell>
      <Outlet />
    </Shell>
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
      message = "There is no page here, or it holds a record you do not have access to. Check the address or go back to your home page.";
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
