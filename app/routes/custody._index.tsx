import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ChoiceGroup, ErrorSummary, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { listCentresOfForce, rememberCentre } from "~/domain/custody.server";
import { assertPermission, requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Choose your custody centre · Pathway" }];

export async function loader(args: LoaderFunctionArgs) {
  const { user, actor } = await requirePermission(args, "custody:use");
  const url = new URL(args.request.url);
  const remembered = user.currentCustodyCentreId;
  if (remembered && actor.centreIds.has(remembered) && url.searchParams.get("choose") !== "1") {
    throw redirect(`/custody/centres/${remembered}`);
  }
  return { centres: listCentresOfForce(getDb(), user.organisationId), current: remembered };
}

const chooseSchema = z.object({
  centreId: z
    .string({ required_error: "Choose the centre you are working at" })
    .min(1, "Choose the centre you are working at"),
});

export async function action(args: ActionFunctionArgs) {
  const { user, actor } = await requirePermission(args, "custody:use");
  const form = parseForm(chooseSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  assertPermission(actor, "custody:record-offer", { type: "custodyCentre", id: form.data.centreId });
  rememberCentre(getDb(), user.id, form.data.centreId);
  throw redirect(`/custody/centres/${form.data.centreId}`);
}

export default function ChooseCentre() {
  const { centres, current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="max-w-2xl">
      <PageHeader title="Which custody centre are you working at?" lead="Pathway remembers it until you change it." />
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" className="card space-y-4">
        <ChoiceGroup
          name="centreId"
          type="radio"
          legend="Custody centre"
          options={centres.map((c) => ({ value: c.id, label: c.name, hint: `Code ${c.code}` }))}
          defaultValue={current ?? undefined}
          error={actionData?.errors.centreId}
        />
        <SubmitButton>Continue</SubmitButton>
      </Form>
    </div>
  );
}
