// The second step of signing in, for someone whose password was right a moment ago: a code
// from their authenticator app, or one of their recovery codes. No session until it is right.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField, useNewKeyEach } from "~/components/forms";
import { canContinueSignIn, checkSecondFactor } from "~/domain/sign-in.server";
import { clearPendingSignInCookie, getPendingSignIn, signInCookie, tooManySignInAttempts } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Pathway" }];

const codeSchema = z.object({
  code: z
    .string({ required_error: "Enter the code from your app" })
    .trim()
    .min(1, "Enter the code from your app")
    .max(40, "Enter the six-digit code from your app, or a recovery code"),
});

const START_AGAIN = "/sign-in?reason=start-again";

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await getPendingSignIn(request, "two-factor");
  if (!pending || !canContinueSignIn(getDb(), pending.userId)) throw redirect(START_AGAIN);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const tooMany = tooManySignInAttempts(context);
  if (tooMany)
    return data(
      { errors: { form: tooMany.message } as Record<string, string> },
      { status: 429, headers: { "Retry-After": String(tooMany.seconds) } },
    );
  const pending = await getPendingSignIn(request, "two-factor");
  if (!pending) throw redirect(START_AGAIN);
  const form = parseForm(codeSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });

  const result = checkSecondFactor(getDb(), pending.userId, form.data.code, { ipAddress: context.clientAddress });
  if (!result.ok) {
    return data(
      {
        errors: {
          code: "That code is not right, or it has been used already. Enter the code your app shows now.",
        } as Record<string, string>,
      },
      { status: 400 },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await clearPendingSignInCookie());
  headers.append("Set-Cookie", await signInCookie(result.user.id, args));
  throw redirect(pending.redirectTo, { headers });
}

export default function TwoFactorSignIn() {
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  // A new key after each attempt empties the field.
  const fieldKey = useNewKeyEach(actionData);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="page-title">Enter your sign-in code</h1>
      <p className="mt-2 text-slate-700">
        Open the authenticator app on your phone and enter the six-digit code it shows for Pathway.
      </p>
      <div className="card mt-6">
        <ErrorSummary errors={errors} labels={{ code: "Code" }} />
        <Form method="post" className="space-y-5" noValidate>
          <TextField
            key={fieldKey}
            name="code"
            label="Code"
            hint="Six digits. Without your phone, enter one of your recovery codes instead."
            autoComplete="one-time-code"
            spellCheck={false}
            error={errors.code}
            autoFocus
          />
          <SubmitButton pendingText="Checking…">Continue</SubmitButton>
        </Form>
      </div>
      <p className="mt-4">
        Lost your phone and your recovery codes? Ask your administrator to reset your two-factor sign-in.{" "}
        <Link to="/sign-in">Start again</Link>
      </p>
    </div>
  );
}
