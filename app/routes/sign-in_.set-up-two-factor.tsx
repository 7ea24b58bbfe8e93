// Setting up an authenticator app during sign-in, for someone who must use two-factor sign-in
// and has not yet: the key to add (as text and as an otpauth:// link), then its first code.
// The recovery codes are shown once, here, when the first code is right.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField, useNewKeyEach } from "~/components/forms";
import { canContinueSignIn, checkEnrolmentCode } from "~/domain/sign-in.server";
import { groupSecret, otpauthUri } from "~/domain/two-factor";
import { pendingTotpSecret } from "~/domain/two-factor.server";
import { clearPendingSignInCookie, getPendingSignIn, signInCookie, tooManySignInAttempts } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [
  { title: "Set up two-factor sign-in · Pathway" },
  { name: "referrer", content: "no-referrer" },
];

const codeSchema = z.object({
  code: z
    .string({ required_error: "Enter the six-digit code from your app" })
    .trim()
    .regex(/^\d{6}$/, "Enter the six-digit code your app shows, without spaces"),
});

const START_AGAIN = "/sign-in?reason=start-again";

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await getPendingSignIn(request, "two-factor-setup");
  const db = getDb();
  const user = pending ? canContinueSignIn(db, pending.userId) : null;
  if (!pending || !user) throw redirect(START_AGAIN);
  // Just set up (the page is showing the recovery codes): nothing more to give out.
  if (user.totpEnabledAt) return { isAdministrator: user.role === "administrator", setup: null };
  const secret = pendingTotpSecret(db, user.id);
  return {
    isAdministrator: user.role === "administrator",
    setup: { groupedSecret: groupSecret(secret), uri: otpauthUri(secret, user.email) },
  };
}

// The recovery codes are on screen after the first right code: do not reload the page under them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult?.recoveryCodes ? false : defaultShouldRevalidate;

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const tooMany = tooManySignInAttempts(context);
  if (tooMany)
    return data(
      { errors: { form: tooMany.message } as Record<string, string>, recoveryCodes: null, continueTo: null },
      { status: 429, headers: { "Retry-After": String(tooMany.seconds) } },
    );
  const pending = await getPendingSignIn(request, "two-factor-setup");
  if (!pending) throw redirect(START_AGAIN);
  const form = parseForm(codeSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors, recoveryCodes: null, continueTo: null }, { status: 400 });

  const db = getDb();
  const result = checkEnrolmentCode(db, pending.userId, form.data.code, { ipAddress: context.clientAddress });
  if (!result.ok) {
    return data(
      {
        errors: {
          code: "That code is not right. Check the app shows Pathway with your email, and enter the code it shows now.",
        } as Record<string, string>,
        recoveryCodes: null,
        continueTo: null,
      },
      { status: 400 },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await clearPendingSignInCookie());
  headers.append("Set-Cookie", await signInCookie(result.user.id, args));
  return data({ errors: null, recoveryCodes: result.recoveryCodes, continueTo: pending.redirectTo }, { headers });
}

export default function SetUpTwoFactor() {
  const { isAdministrator, setup } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldKey = useNewKeyEach(actionData);

  if (actionData?.recoveryCodes) {
    return (
      <div className="mx-auto max-w-lg">
        <div className="card">
          <h1 className="page-title">Two-factor sign-in is set up</h1>
          <p className="mt-3">
            Keep these recovery codes somewhere safe, away from your phone — printed and locked away, or in a password
            manager. Each one works once, in place of a code from your app, if you lose your phone.{" "}
            <strong>This is the only time Pathway shows them.</strong>
          </p>
          <ul aria-label="Recovery codes" className="mt-4 grid grid-cols-2 gap-2 font-mono text-lg">
            {actionData.recoveryCodes.map((code) => (
              <li key={code} className="rounded border border-slate-300 bg-slate-50 px-3 py-1">
                {code}
              </li>
            ))}
          </ul>
          <p className="mt-6">
            <Link to={actionData.continueTo ?? "/"} className="button">
              I have saved my recovery codes: continue
            </Link>
          </p>
        </div>
      </div>
    );
  }

  if (!setup) {
    return (
      <div className="mx-auto max-w-md card">
        <h1 className="page-title">Two-factor sign-in is already set up</h1>
        <p className="mt-3">
          <Link to="/sign-in">Sign in</Link> with your password and a code from your app.
        </p>
      </div>
    );
  }
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="page-title">Set up two-factor sign-in</h1>
      <p className="mt-2 text-slate-700">
        {isAdministrator
          ? "Administrators sign in with a password and a code from an authenticator app on their phone."
          : "Everyone signs in to Pathway with a password and a code from an authenticator app on their phone."}{" "}
        This takes a minute, once.
      </p>
      <div className="card mt-6">
        <ErrorSummary errors={errors} labels={{ code: "Code from your app" }} />
        <ol className="list-decimal space-y-4 pl-5">
          <li>
            Open an authenticator app on your phone (any app for time-based codes works), and choose to add an account.
          </li>
          <li>
            <p>Choose to enter a setup key, and type this key, with your email address as the account name:</p>
            <p
              className="mt-2 rounded border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-lg tracking-wider"
              aria-label="Setup key"
            >
              {setup.groupedSecret}
            </p>
            <p className="mt-2 text-sm text-slate-700">
              The key is time-based. On a phone, <a href={setup.uri}>this link adds it to your authenticator app</a>.
            </p>
          </li>
          <li>
            <Form method="post" className="space-y-4" noValidate>
              <TextField
                key={fieldKey}
                name="code"
                label="Code from your app"
                hint="The six digits the app now shows for Pathway."
                inputMode="numeric"
                autoComplete="one-time-code"
                spellCheck={false}
                error={errors.code}
              />
              <SubmitButton pendingText="Checking…">Turn on two-factor sign-in</SubmitButton>
            </Form>
          </li>
        </ol>
      </div>
    </div>
  );
}
