// On a worker's case page: what the person wrote when they asked for support on the public page.
import type { selfReferralView } from "~/domain/self-referrals.server";

export function SelfReferralDetails({ details }: { details: NonNullable<ReturnType<typeof selfReferralView>> }) {
  return (
    <section aria-labelledby="self-referral-heading" className="card">
      <h2 id="self-referral-heading" className="text-xl font-bold">
        What they asked for
      </h2>
      <p className="mt-1 text-slate-700">
        They asked for support on the self-referral page. The name may not be their real one.
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="font-semibold">Help with</dt>
        <dd>{details.needs.length ? details.needs.join(", ") : "Not said"}</dd>
        {details.otherNeeds ? (
          <>
            <dt className="font-semibold">In their words</dt>
            <dd className="whitespace-pre-line">{details.otherNeeds}</dd>
          </>
        ) : null}
        <dt className="font-semibold">Contact by</dt>
        <dd>
          {details.contactBy}
          {details.email ? (
            <>
              {": "}
              <a href={`mailto:${details.email}`}>{details.email}</a>
            </>
          ) : null}
        </dd>
        <dt className="font-semibold">Good times</dt>
        <dd>{details.contactTimes.length ? details.contactTimes.join(", ") : "Any time"}</dd>
        <dt className="font-semibold">Leave a message?</dt>
        <dd>{details.mayLeaveMessage ? "Yes, saying who we are" : "No: do not say who is calling"}</dd>
        <dt className="font-semibold">Language of the page</dt>
        <dd>{details.language}</dd>
      </dl>
    </section>
  );
}
