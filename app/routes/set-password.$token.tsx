import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField, useNewKeyEach } from "~/components/forms";
import { DomainError } from "~/domain/errors";
import { findPasswordLink, setPasswordWithLink } from "~/domain/invitations.server";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "~/domain/password-policy";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [
  { title: "Set your password · Pathway" },
  { name: "referrer", content: "no-referrer" },
];

const passwordSchema = z
  .object({
    // Longer than the policy allows reaches passwordProblem, which says so: never truncated.
    password: z
      .string({ required_error: "Enter a password" })
      .min(1, "Enter a password")
      .max(MAX_PASSWORD_LENGTH * 4),
    confirmPassword: z.string({ required_error: "Enter the password again" }).min(1, "Enter the password again"),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords are not the same",
  });

export async function loader({ params }: LoaderFunctionArgs) {
  const link = findPasswordLink(getDb(), params.token ?? "");
  if (link.status !== "valid")
    return data({ status: link.status, user: null, purpose: null }, { status: link.status === "expired" ? 410 : 404 });
  return { status: link.status, user: { name: link.user.name, email: link.user.email }, purpose: link.purpose };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const db = getDb();
  const token = params.token ?? "";
  const link = findPasswordLink(db, token);
  if (link.status !== "valid")
    return data(
      {
        errors: { form: "This link no longer works. Ask your administrator for a new one." } as Record<string, string>,
      },
      { status: 410 },
    );
  const form = parseForm(passwordSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const problem = passwordProblem(form.data.password, link.user.email);
  if (problem) return data({ errors: { password: problem } as Record<string, string> }, { status: 400 });
  try {
    await setPasswordWithLink(db, token, form.data.password, { ipAddress: context.clientAddress });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = error.field === "password" ? "password" : "form";
    return data({ errors: { [field]: error.message } as Record<string, string> }, { status: error.status });
  }
  // Post, then redirect: the spent link would answer 404 if this page were shown from here.
  throw redirect("/sign-in?reason=password-set");
}

export default function SetPassword() {
  const { status, user, purpose } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A new key after each attempt empties the password fields.
  const fieldKey = useNewKeyEach(actionData);

  if (status !== "valid" || !user) {
    return (
      <div className="mx-auto max-w-md">
        <div className="card">
          <h1 className="page-title">{status === "expired" ? "This link has expired" : "This link does not work"}</h1>
          <p className="mt-3">
            {status === "expired"
              ? "Links to set a password work for 72 hours. Ask your administrator for a new one."
              : "It may have been used already, or copied incompletely. Ask your administrator for a new link."}
          </p>
          <p className="mt-4">
            <Link to="/sign-in">Go to sign in</Link>
          </p>
        </div>
      </div>
    );
  }
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="mx-auto max-w-md">
      <h1 className="page-title">{purpose === "invitation" ? "Welcome to Pathway" : "Set a new password"}</h1>
      <p className="mt-2 text-slate-700">
        {user.name}, choose a password for <span className="font-semibold">{user.email}</span>.
      </p>
      <div className="card mt-6">
        <ErrorSummary errors={errors} labels={{ password: "Password", confirmPassword: "Password again" }} />
        <Form method="post" className="space-y-5" noValidate>
          <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <TextField
            key={`p${fieldKey}`}
            name="password"
            label="Password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
            type="password"
            autoComplete="new-password"
            error={errors.password}
          />
          <TextField
            key={`c${fieldKey}`}
            name="confirmPassword"
            label="Password again"
            type="password"
            autoComplete="new-password"
            error={errors.confirmPassword}
          />
          <SubmitButton pendingText="Saving…">Set password</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
