// The self-referral page without a campaign: anyone may ask for support. Public, no sign-in.
import { SelfReferralPage } from "~/components/self-referral-page";
import { pageLanguage, pageText } from "~/domain/self-referral-text";
import { selfReferralAction, selfReferralLoader } from "~/server/self-referral-page.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const handle = { publicPage: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageText[pageLanguage(data?.language.code)].pageTitle },
];

export const loader = (args: LoaderFunctionArgs) => selfReferralLoader(args, false);
export const action = (args: ActionFunctionArgs) => selfReferralAction(args, false);

export default SelfReferralPage;
