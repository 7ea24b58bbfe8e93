// A campaign message's link: the self-referral page for the campaign the code names. Public, no
// sign-in; an unknown code answers 404 with a page that still offers help.
import { SelfReferralPage } from "~/components/self-referral-page";
import { pageLanguage, pageText } from "~/domain/self-referral-text";
import { selfReferralAction, selfReferralLoader } from "~/server/self-referral-page.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const handle = { publicPage: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageText[pageLanguage(data?.language.code)].pageTitle },
  { name: "robots", content: "noindex" },
];

export const loader = (args: LoaderFunctionArgs) => selfReferralLoader(args, true);
export const action = (args: ActionFunctionArgs) => selfReferralAction(args, true);

export default SelfReferralPage;
