// Your own alerts by email: at once, once a day, or never. The emails say how many alerts are
// waiting and link to Pathway; what they are about stays in Pathway.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ALERT_EMAIL_CHOICES } from "#db/schema";
import { ChoiceGroup, ErrorSummary, SubmitButton } from "~/components/forms";
import { Notice, PageHeader } from "~/components/page";
import { setAlertEmails } from "~/domain/messages.server";
import { requireSignedIn } from "~/server/auth.server";
import { getDb } from "~/server/db.server";

export const meta: MetaFunction = () => [{ title: "Email about your alerts · Pathway" }];

const choiceSchema = z.enum(ALERT_EMAIL_CHOICES, { message: "Choose how often Pathway emails you" });

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(args);
  return { choice: user.alertEmails, email: user.email };
}

export async function action(args: ActionFunctionArgs) {
  const { audit } = await requireSignedIn(args);
  const parsed = choiceSchema.safeParse((await args.request.formData()).get("alertEmails"));
  if (!parsed.success)
    return data({ errors: { alertEmails: parsed.error.issues[0].message }, saved: false }, { status: 400 });
  setAlertEmails(getDb(), audit, parsed.data);
  return data({ errors: null, saved: true });
}

export default function AlertEmails() {
  const { choice, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Email about your alerts"
        lead={`Pathway can email ${email} when you have new alerts. The email says how many; you sign in to see them.`}
      />
      <ErrorSummary errors={actionData?.errors} labels={{ alertEmails: "How often" }} />
      {actionData?.saved ? <Notice tone="success">Saved.</Notice> : null}
      <Form method="post" className="space-y-4">
        <ChoiceGroup
          name="alertEmails"
          type="radio"
          legend="How often should Pathway email you?"
          error={actionData?.errors?.alertEmails}
          defaultValue={choice}
          options={[
            { value: "immediately", label: "As soon as there is a new alert" },
            { value: "daily", label: "Once a day, if there are new alerts" },
            { value: "never", label: "Never: I will check Pathway" },
          ]}
        />
        <SubmitButton pendingText="Saving…">Save</SubmitButton>
      </Form>
    </div>
  );
}
