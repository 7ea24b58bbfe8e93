// Pieces of the outreach campaign pages: the text as it is sent with its length in SMS, the
// wording rules it keeps or breaks, the progress of sending, and what an upload kept and dropped.
import type { CampaignStatus, CampaignUploadSummary } from "#db/schema";
import { WORDING_RULES } from "~/domain/campaign-wording";
import type { CampaignPreview } from "~/domain/campaign-wording";
import { campaignStatusLabels, dropReasonLabels, DROP_REASONS, type CampaignProgress } from "~/domain/campaigns";

const n = (value: number) => value.toLocaleString("en-GB");

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  const tone =
    status === "sending" || status === "approved"
      ? "bg-green-100 text-green-900"
      : status === "awaiting_approval" || status === "paused"
        ? "bg-amber-100 text-amber-900"
        : "bg-slate-200 text-slate-900";
  return (
    <strong className={`inline-block rounded px-2 py-0.5 text-sm font-bold ${tone}`}>
      {campaignStatusLabels[status]}
    </strong>
  );
}

/** The exact text each number gets, and how many SMS it is sent as. */
export function TextPreview({
  preview,
  headingId = "preview-heading",
}: {
  preview: CampaignPreview;
  headingId?: string;
}) {
  const { length } = preview;
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId} className="text-xl font-bold">
        The text as it is sent
      </h2>
      <p className="mt-1 text-slate-700">
        Every number gets exactly these words. The link names the campaign, not the person.
      </p>
      <blockquote className="mt-3 whitespace-pre-wrap break-words rounded-md border-l-4 border-slate-500 bg-slate-50 p-4 font-mono text-base">
        {preview.text || "(no text yet)"}
      </blockquote>
      <p className="mt-2" data-testid="sms-length">
        {n(length.units)} characters, sent as{" "}
        <strong>
          {length.fragments} {length.fragments === 1 ? "text message" : "text messages"}
        </strong>{" "}
        (
        {length.encoding === "GSM-7"
          ? "160 characters in one, 153 a part when longer"
          : "70 characters in one, 67 a part when longer"}
        ).
      </p>
      {length.encoding === "UCS-2" ? (
        <p className="mt-1 text-sm text-slate-700">
          Characters such as {length.nonGsmCharacters.map((c) => `“${c}”`).join(", ")} make the whole text use the
          longer encoding: replacing them (curly quotes with straight ones, for example) may make it cheaper.
        </p>
      ) : null}
    </section>
  );
}

/** Each wording rule, kept or broken, with why when broken. */
export function WordingChecklist({ preview }: { preview: CampaignPreview }) {
  const broken = new Map(preview.problems.map((p) => [p.rule, p.message]));
  return (
    <section aria-labelledby="rules-heading" className="card">
      <h2 id="rules-heading" className="text-xl font-bold">
        Safe wording
      </h2>
      {broken.has("empty") ? <p className="mt-2 font-semibold text-red-800">{broken.get("empty")}</p> : null}
      <ul className="mt-2 space-y-2">
        {WORDING_RULES.map((rule) => {
          const problem = broken.get(rule.id);
          return (
            <li key={rule.id} className="flex gap-2">
              <span aria-hidden="true" className={problem ? "font-bold text-red-800" : "font-bold text-green-800"}>
                {problem ? "✗" : "✓"}
              </span>
              <span>
                <span className="sr-only">{problem ? "Not kept: " : "Kept: "}</span>
                {rule.summary}
                {problem ? <span className="block font-semibold text-red-800">{problem}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ProgressPanel({ progress, status }: { progress: CampaignProgress; status: CampaignStatus }) {
  const done = progress.total - progress.waiting;
  return (
    <section aria-labelledby="progress-heading" className="card">
      <h2 id="progress-heading" className="text-xl font-bold">
        Sending
      </h2>
      <p className="mt-1" id="progress-label">
        {n(done)} of {n(progress.total)} numbers dealt with ({progress.percentDone}%).{" "}
        {status === "sending" ? "Refresh the page to see more." : null}
      </p>
      <progress
        className="mt-2 h-6 w-full accent-brand-700"
        max={Math.max(progress.total, 1)}
        value={done}
        aria-labelledby="progress-label"
      />
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
        {[
          ["Waiting", progress.waiting],
          ["Sent", progress.sent],
          ["Kept in the Outbox", progress.held],
          ["Delivered", progress.delivered],
          ["Failed", progress.failed],
          ["Number not working", progress.notWorking],
          ["Not texted (opted out, recently texted or stopped)", progress.skipped],
          ["Opted out since", progress.optedOut],
        ].map(([label, value]) => (
          <div key={label as string}>
            <dt className="text-sm text-slate-700">{label}</dt>
            <dd className="text-lg font-bold" data-testid={`progress-${String(label).split(" ")[0].toLowerCase()}`}>
              {n(value as number)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function UploadSummaryPanel({ summary }: { summary: CampaignUploadSummary }) {
  const dropped = DROP_REASONS.filter((r) => (summary.dropped[r] ?? 0) > 0);
  return (
    <div className="mt-3" data-testid="upload-summary">
      <p>
        From <strong>{summary.fileName}</strong>: {n(summary.read)} {summary.read === 1 ? "entry" : "entries"} read,{" "}
        <strong>{n(summary.kept)} kept</strong>
        {dropped.length ? `, ${n(summary.read - summary.kept)} not kept:` : "."}
      </p>
      {dropped.length ? (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {dropped.map((r) => (
            <li key={r}>
              {dropReasonLabels[r]}: {n(summary.dropped[r])}
              {r === "not_a_mobile" && summary.notMobileLines.length
                ? ` (lines ${summary.notMobileLines.join(", ")}${summary.dropped[r] > summary.notMobileLines.length ? " and more" : ""})`
                : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
