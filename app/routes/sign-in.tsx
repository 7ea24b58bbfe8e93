import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField, useNewKeyEach } from "~/components/forms";
import { homeFor } from "~/domain/permissions";
import { checkSignIn } from "~/domain/sign-in.server";
import {
  getSignedIn,
  safeRedirectTo,
  signInCookie,
  startPendingSignIn,
  tooManySignInAttempts,
} from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";
import { ownValue } from "~/utils/keys";

export const meta: MetaFunction = () => [{ title: "Sign in · Pathway" }];

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(254)
    .email("Enter an email address like name@example.org"),
  password: z.string().min(1, "Enter your password").max(1024),
  redirectTo: z.string().optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(args);
  if (signedIn) throw redirect(homeFor[signedIn.user.role]);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const form = parseForm(signInSchema, await args.request.formData());
  const values = { email: typeof form.values.email === "string" ? form.values.email : "" };
  const tooMany = tooManySignInAttempts(args.context);
  if (tooMany)
    return data(
      { errors: { form: tooMany.message }, values },
      { status: 429, headers: { "Retry-After": String(tooMany.seconds) } },
    );
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });

  const result = await checkSignIn(getDb(), form.data.email, form.data.password, {
    ipAddress: args.context.clientAddress,
  });
  if (!result.ok) {
    return data(
      {
        errors: {
          form: "The email address or password is not right, or the account cannot sign in. Check them and try again.",
        },
        values,
      },
      { status: 400 },
    );
  }
  const redirectTo = safeRedirectTo(form.data.redirectTo, homeFor[result.user.role]);
  if (result.next !== "session") {
    // The password was right; the second factor decides. No session until it does.
    throw redirect(result.next === "two-factor" ? "/sign-in/two-factor" : "/sign-in/set-up-two-factor", {
      headers: { "Set-Cookie": await startPendingSignIn({ userId: result.user.id, step: result.next, redirectTo }) },
    });
  }
  throw redirect(redirectTo, { headers: { "Set-Cookie": await signInCookie(result.user.id, args) } });
}

const notices: Record<string, string> = {
  idle: "You were signed out because Pathway had not been used for a while. Sign in again to carry on.",
  "start-again": "Signing in took too long or was interrupted. Enter your email address and password again.",
  "password-set": "Your password is set. Sign in with your email address and the password you just chose.",
};

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const notice = ownValue(notices, searchParams.get("reason"));
  // A new key after each attempt empties the password field; the email stays.
  const passwordKey = useNewKeyEach(actionData);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="page-title">Sign in to Pathway</h1>
      <p className="mt-2 text-slate-700">Arrest referral for custody, referral workers, services and commissioners.</p>
      {notice && !actionData ? (
        <p role="status" className="mt-4 rounded-md border-l-4 border-brand-700 bg-white p-3">
          {notice}
        </p>
      ) : null}
      <div className="card mt-6">
        <ErrorSummary errors={errors} labels={{ email: "Email address", password: "Password" }} />
        <Form method="post" className="space-y-5" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField
            name="email"
            label="Email address"
            type="email"
            autoComplete="username"
            defaultValue={actionData?.values.email}
            error={errors.email}
            spellCheck={false}
          />
          <TextField
            key={passwordKey}
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={errors.password}
          />
          <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
