// Your two-factor sign-in: set it up when you choose to (or must), make new recovery codes,
// or turn it off where it is not required. Every change needs a code from the app, and wrong
// codes count towards the lockout as they do at sign-in.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField, useNewKeyEach } from "~/components/forms";
import { Notice, PageHeader } from "~/components/page";
import { checkCodeOfSignedInUser, enrolSignedInUser } from "~/domain/sign-in.server";
import { groupSecret, otpauthUri } from "~/domain/two-factor";
import {
  isTwoFactorEnrolled,
  isTwoFactorRequired,
  pendingTotpSecret,
  replaceRecoveryCodes,
  resetTwoFactor,
} from "~/domain/two-factor.server";
import { requireSignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { errorsFromZod } from "~/utils/forms";

export const meta: MetaFunction = () => [
  { title: "Two-factor sign-in · Pathway" },
  { name: "referrer", content: "no-referrer" },
];

const INTENTS = ["set-up", "new-recovery-codes", "turn-off"] as const;

const intentSchema = z.enum(INTENTS, { message: "Choose what to do" });
const codeSchema = z
  .string({ required_error: "Enter the code from your app" })
  .trim()
  .min(1, "Enter the code from your app")
  .max(40, "Enter the six-digit code from your app");

/** Each form's code field has its own name (and so its own id and error) on the page. */
const codeField = (intent: (typeof INTENTS)[number]) => `${intent}-code`;

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(args);
  const db = getDb();
  const isEnrolled = isTwoFactorEnrolled(user);
  const secret = isEnrolled ? null : pendingTotpSecret(db, user.id);
  return {
    isEnrolled,
    isRequired: isTwoFactorRequired(db, user),
    recoveryCodesLeft: user.recoveryCodeHashes?.length ?? 0,
    setup: secret ? { groupedSecret: groupSecret(secret), uri: otpauthUri(secret, user.email) } : null,
  };
}

type ActionData = { errors: Record<string, string> | null; recoveryCodes: string[] | null; done: string | null };

export async function action(args: ActionFunctionArgs) {
  const { user, audit } = await requireSignedIn(args);
  const formData = await args.request.formData();
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success)
    return data<ActionData>(
      { errors: { form: "Choose what to do" }, recoveryCodes: null, done: null },
      { status: 400 },
    );
  const field = codeField(intent.data);
  const code = codeSchema.safeParse(formData.get(field) ?? undefined);
  if (!code.success)
    return data<ActionData>(
      { errors: { [field]: errorsFromZod(code.error).form }, recoveryCodes: null, done: null },
      { status: 400 },
    );
  const db = getDb();
  const wrongCode = () =>
    data<ActionData>(
      {
        errors: { [field]: "That code is not right, or it has been used already. Enter the code your app shows now." },
        recoveryCodes: null,
        done: null,
      },
      { status: 400 },
    );

  switch (intent.data) {
    case "set-up": {
      const result = enrolSignedInUser(db, user.id, code.data, audit);
      if (!result.ok) return wrongCode();
      return data<ActionData>({ errors: null, recoveryCodes: result.recoveryCodes, done: "Two-factor sign-in is on." });
    }
    case "new-recovery-codes": {
      if (!checkCodeOfSignedInUser(db, user.id, code.data, audit)) return wrongCode();
      return data<ActionData>({
        errors: null,
        recoveryCodes: db.transaction((tx) => replaceRecoveryCodes(tx, audit)),
        done: "Your old recovery codes no longer work.",
      });
    }
    case "turn-off": {
      if (isTwoFactorRequired(db, user)) {
        return data<ActionData>(
          {
            errors: { form: "Two-factor sign-in is required for your account, so it cannot be turned off." },
            recoveryCodes: null,
            done: null,
          },
          { status: 400 },
        );
      }
      if (!checkCodeOfSignedInUser(db, user.id, code.data, audit)) return wrongCode();
      db.transaction((tx) => resetTwoFactor(tx, audit, user.id));
      return data<ActionData>({
        errors: null,
        recoveryCodes: null,
        done: "Two-factor sign-in is off. You sign in with your password alone.",
      });
    }
  }
}

// New recovery codes are on screen: do not reload the page under them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult?.recoveryCodes ? false : defaultShouldRevalidate;

function CodeForm({
  intent,
  label,
  errors,
  button,
}: {
  intent: (typeof INTENTS)[number];
  label: string;
  errors: Record<string, string>;
  button: string;
}) {
  const actionData = useActionData<typeof action>();
  const fieldKey = useNewKeyEach(actionData);
  return (
    <Form method="post" className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <TextField
        key={fieldKey}
        name={codeField(intent)}
        label={label}
        inputMode="numeric"
        autoComplete="one-time-code"
        spellCheck={false}
        error={errors[codeField(intent)]}
      />
      <SubmitButton pendingText="Checking…">{button}</SubmitButton>
    </Form>
  );
}

export default function AccountTwoFactor() {
  const { isEnrolled, isRequired, recoveryCodesLeft, setup } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};

  if (actionData?.recoveryCodes) {
    return (
      <div className="max-w-2xl">
        <PageHeader title="Your recovery codes" lead={actionData.done ?? undefined} />
        <div className="card">
          <p>
            Keep these somewhere safe, away from your phone. Each one works once, in place of a code from your app.{" "}
            <strong>This is the only time Pathway shows them.</strong>
          </p>
          <ul aria-label="Recovery codes" className="mt-4 grid grid-cols-2 gap-2 font-mono text-lg">
            {actionData.recoveryCodes.map((code) => (
              <li key={code} className="rounded border border-slate-300 bg-slate-50 px-3 py-1">
                {code}
              </li>
            ))}
          </ul>
        </div>
      </div>
    );
  }

  return (
    <div className="max-w-2xl">
      <PageHeader
        title="Two-factor sign-in"
        lead="A code from an authenticator app on your phone, as well as your password, so that a stolen password alone cannot open Pathway."
      />
      {actionData?.done ? <Notice tone="success">{actionData.done}</Notice> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          "set-up-code": "Code from your app",
          "new-recovery-codes-code": "Code, to make new recovery codes",
          "turn-off-code": "Code, to turn it off",
        }}
      />
      {isEnrolled ? (
        <>
          <div className="card">
            <h2 className="text-xl font-bold">Two-factor sign-in is on</h2>
            <p className="mt-2">
              {recoveryCodesLeft === 0 ? (
                <strong>You have no recovery codes left: without your phone you could not sign in.</strong>
              ) : (
                <>
                  You have {recoveryCodesLeft} unused recovery code{recoveryCodesLeft === 1 ? "" : "s"}.
                </>
              )}{" "}
              Make new ones if you have used some or cannot find them; the old ones stop working.
            </p>
            <CodeForm
              intent="new-recovery-codes"
              label="Code from your app, to make new recovery codes"
              errors={errors}
              button="Make new recovery codes"
            />
          </div>
          {isRequired ? null : (
            <div className="card mt-6">
              <h2 className="text-xl font-bold">Turn it off</h2>
              <p className="mt-2">You would sign in with your password alone.</p>
              <CodeForm
                intent="turn-off"
                label="Code from your app, to turn two-factor sign-in off"
                errors={errors}
                button="Turn off two-factor sign-in"
              />
            </div>
          )}
        </>
      ) : setup ? (
        <div className="card">
          <h2 className="text-xl font-bold">Set it up</h2>
          <ol className="mt-3 list-decimal space-y-3 pl-5">
            <li>Open an authenticator app on your phone and choose to add an account.</li>
            <li>
              Enter this setup key (time-based), with your email address as the account name:
              <p
                className="mt-2 rounded border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-lg tracking-wider"
                aria-label="Setup key"
              >
                {setup.groupedSecret}
              </p>
              <p className="mt-2 text-sm text-slate-700">
                On a phone, <a href={setup.uri}>this link adds it to your authenticator app</a>.
              </p>
            </li>
            <li>
              Enter the six digits the app shows.
              <CodeForm
                intent="set-up"
                label="Code from your app"
                errors={errors}
                button="Turn on two-factor sign-in"
              />
            </li>
          </ol>
        </div>
      ) : null}
    </div>
  );
}
