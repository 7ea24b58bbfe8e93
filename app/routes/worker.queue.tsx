import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ColumnList, columnDetailClass, columnItemClass } from "~/components/column-list";
import { EmptyState, PageHeader } from "~/components/page";
import { needLabels } from "~/domain/custody";
import { listCentresByIds } from "~/domain/custody.server";
import { personDisplayName } from "~/domain/naloxone";
import { CUSTODY_CLOCK_HOURS, QUEUE_MOST_SHOWN, QUEUE_NEWEST_NAMED, QUEUE_PAGE_SIZE, isNewSince } from "~/domain/queue";
import { listQueue, queueVersion, waitingSummary } from "~/domain/queue.server";
import { CLOSURE_REASONS, referralStateLabel, type ClosureReason } from "~/domain/referral-states";
import { requirePermission } from "~/server/auth.server";
import { getDb } from "~/server/db.server";
import { formatDate, formatDuration, minutesBetween } from "~/utils/dates";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.waitingCount ? `(${data.waitingCount}) ` : ""}Queue · Pathway` },
];

/** The columns the referrals line up in from tablet width. */
const COLUMNS =
  "md:grid-cols-[minmax(0,2.2fr)_minmax(0,1.4fr)_minmax(0,1.2fr)_minmax(0,1.3fr)_minmax(0,1.3fr)] md:gap-4";

const filterSchema = z.object({
  show: z.enum(["waiting", "mine", "follow_up", "open", "closed"]).catch("open"),
  centre: z.string().optional().catch(undefined),
  shown: z.coerce.number().int().min(1).max(QUEUE_MOST_SHOWN).catch(QUEUE_PAGE_SIZE),
});

export async function loader(args: LoaderFunctionArgs) {
  const { user, actor, organisation } = await requirePermission(args, "worker:use");
  const db = getDb();
  const url = new URL(args.request.url);
  const filter = filterSchema.parse(Object.fromEntries(url.searchParams));
  const centreIds = [...actor.centreIds];
  // Read before the queue: a change made meanwhile shows at the next refresh, never goes unseen.
  const version = queueVersion(db, user.organisationId);
  const now = new Date();
  const { rows, hasMore } = listQueue(db, {
    centreIds,
    providerOrganisationId: actor.organisationId,
    workerId: user.id,
    filter: filter.show,
    centreId: filter.centre || undefined,
    shown: filter.shown,
    now,
  });
  const { waitingCount, newest } = waitingSummary(db, { centreIds, providerOrganisationId: actor.organisationId });
  return {
    referrals: rows,
    hasMore,
    version,
    waitingCount,
    newest,
    centres: listCentresByIds(db, centreIds),
    filter,
    overdueMinutes: organisation.queueOverdueMinutes,
    now: now.toISOString(),
  };
}

const filterLabels = {
  open: "All open",
  waiting: "Waiting",
  mine: "Mine",
  follow_up: "Follow-up",
  closed: "Closed",
} as const;

export default function WorkerQueue() {
  const data = useLoaderData<typeof loader>();
  const { referrals, hasMore, version, waitingCount, newest, centres, filter, overdueMinutes } = data;
  const revalidator = useRevalidator();
  const [searchParams] = useSearchParams();
  // Waiting times keep counting between refreshes that bring nothing new.
  const [tick, setTick] = useState(data.now);
  const now = tick > data.now ? tick : data.now;
  const [lastLooked, markSeen] = useLastLooked(data.now);
  const fresh = newest.filter((n) => isNewSince(n.createdAt, lastLooked));
  const isNewHere = (r: QueueRow) => (r.state === "new" || r.awaitingConsent) && isNewSince(r.createdAt, lastLooked);

  // Every 10 seconds while the page is visible the queue asks whether anything changed since the
  // version it shows (an empty answer, nearly always), and reloads only when something did.
  useEffect(() => {
    const timer = setInterval(async () => {
      if (document.visibilityState !== "visible" || revalidator.state !== "idle") return;
      setTick(new Date().toISOString());
      try {
        const answer = await fetch(`/worker/queue/changes?since=${version}`, {
          headers: { Accept: "application/json" },
        });
        if (answer.status !== 204) revalidator.revalidate();
      } catch {
        // Offline for a moment: ask again at the next tick.
      }
    }, 10_000);
    return () => clearInterval(timer);
  }, [revalidator, version]);

  const moreParams = new URLSearchParams(searchParams);
  moreParams.set("shown", String(Math.min(referrals.length + QUEUE_PAGE_SIZE, QUEUE_MOST_SHOWN)));

  return (
    <>
      <PageHeader title="Referral queue" lead={`${waitingCount} waiting for a worker at your centres`} />
      <Form
        method="get"
        className="card mb-6 flex flex-wrap items-end gap-4"
        role="search"
        aria-label="Filter the queue"
      >
        <fieldset>
          <legend className="font-semibold">Show</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {Object.entries(filterLabels).map(([value, label]) => (
              <label
                key={value}
                className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="show"
                  value={value}
                  defaultChecked={filter.show === value}
                  className="h-5 w-5 shrink-0 accent-brand-700"
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="queue-centre" className="block font-semibold">
            Centre
          </label>
          <select
            id="queue-centre"
            name="centre"
            defaultValue={searchParams.get("centre") ?? ""}
            className="input mt-1"
          >
            <option value="">All your centres</option>
            {centres.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary">
          Apply
        </button>
      </Form>

      {/* Page one shows who is nearest to release; whoever arrived since is named here, whichever page they are on. */}
      <div className={fresh.length ? "card mb-6 border-l-4 border-brand-700" : ""}>
        <p role="status" className="font-semibold">
          {fresh.length
            ? `${fresh.length === QUEUE_NEWEST_NAMED ? `At least ${fresh.length}` : fresh.length} new since you last looked`
            : ""}
        </p>
        {fresh.length ? (
          <>
            <ul className="mt-2 space-y-1" aria-label="New since you last looked">
              {fresh.map((n) => (
                <li key={n.id}>
                  <Link to={`/worker/referrals/${n.id}`} className="font-semibold">
                    {personDisplayName(n)}
                  </Link>{" "}
                  · {n.where} · {formatDuration(n.createdAt, new Date(now))} ago
                </li>
              ))}
            </ul>
            <button type="button" className="button-secondary mt-3" onClick={markSeen}>
              Mark as seen
            </button>
          </>
        ) : null}
      </div>

      {referrals.length ? (
        <>
          <ColumnList
            label="Referrals"
            columns={COLUMNS}
            headings={["Person", "State", filter.show === "closed" ? "Closed" : "Waited", "Centre", "Needs disclosed"]}
            description={
              filter.show === "closed"
                ? "Most recently closed first."
                : `Near-fatal overdose follow-ups first; then people waiting in custody, longest in custody first; then those waiting more than ${CUSTODY_CLOCK_HOURS} hours after arrival; then with a worker; then follow-up.`
            }
          >
            {referrals.map((r) => {
              const isOverdue = r.state === "new" && minutesBetween(r.createdAt, new Date(now)) > overdueMinutes;
              return (
                <li
                  key={r.id}
                  className={columnItemClass(COLUMNS, isOverdue ? "border-l-4 border-amber-400 bg-amber-50" : "")}
                >
                  <div>
                    <p className="flex flex-wrap items-center gap-2">
                      <Link to={`/worker/referrals/${r.id}`} className="text-lg font-semibold md:text-base">
                        {personDisplayName(r)}
                      </Link>
                      <NfoBadge referral={r} now={now} />
                      {isNewHere(r) ? <NewBadge /> : null}
                      <KnownBadge count={r.earlierReferralCount} />
                    </p>
                    {r.safetyNotes ? <p className="mt-1 text-sm text-red-800">Safety: {r.safetyNotes}</p> : null}
                  </div>
                  <p className="font-semibold md:font-normal">
                    <StateText referral={r} />
                  </p>
                  <div className={columnDetailClass}>
                    <p>
                      <Waited referral={r} now={now} />
                      {isOverdue ? <span className="badge ml-2 bg-amber-200 text-amber-950">Overdue</span> : null}
                    </p>
                    {r.pastCustodyClock ? <PastClockNote /> : null}
                  </div>
                  <p className={columnDetailClass}>{r.where}</p>
                  <p className={columnDetailClass}>
                    <span className="md:sr-only">Needs: </span>
                    {r.disclosedNeeds.map((n) => needLabels[n]).join(", ") || "None disclosed"}
                  </p>
                </li>
              );
            })}
          </ColumnList>
          {hasMore && referrals.length < QUEUE_MOST_SHOWN ? (
            <p className="mt-4">
              <Link to={`?${moreParams}`} preventScrollReset className="button-secondary inline-block">
                Show more<span className="sr-only"> referrals</span>
              </Link>
            </p>
          ) : null}
          <p className="mt-2 text-sm text-slate-700" aria-live="polite">
            {hasMore ? `Showing the first ${referrals.length}.` : `Showing all ${referrals.length}.`}
          </p>
        </>
      ) : (
        <EmptyState title="Nothing here right now">
          New referrals from your centres appear here by themselves.
        </EmptyState>
      )}
    </>
  );
}

type QueueRow = ReturnType<typeof useLoaderData<typeof loader>>["referrals"][number];

/** A near-fatal overdose follow-up, with how long ago naloxone was given (decision 029). */
function NfoBadge({ referral: r, now }: { referral: QueueRow; now: string }) {
  if (!r.nfoAt) return null;
  return (
    <span className="badge bg-red-700 text-white">
      <abbr title="Near-fatal overdose" className="no-underline">
        NFO
      </abbr>{" "}
      · {formatDuration(r.nfoAt, new Date(now))} since the overdose
    </span>
  );
}

function NewBadge() {
  return <span className="badge bg-brand-700 text-white">New</span>;
}

/** Still shown as waiting past the custody clock: most likely released without it being recorded. */
function PastClockNote() {
  return (
    <span className="mt-1 block text-sm text-slate-700">
      In custody over {CUSTODY_CLOCK_HOURS} hours: check with custody they are still there
    </span>
  );
}

/** Holds a time and nothing else: no person and no user, as nothing personal is kept in the browser. */
const LAST_LOOKED_COOKIE = "pathway_queue_looked";

function readLastLooked(): string | null {
  const match = document.cookie.match(new RegExp(`(?:^|; )${LAST_LOOKED_COOKIE}=([^;]*)`));
  return match ? decodeURIComponent(match[1]) : null;
}

function writeLastLooked(at: string) {
  document.cookie = `${LAST_LOOKED_COOKIE}=${encodeURIComponent(at)}; path=/worker; max-age=86400; SameSite=Strict${
    window.location.protocol === "https:" ? "; Secure" : ""
  }`;
}

/**
 * When the queue was last looked at in this browser: remembered when the worker leaves the page
 * or marks the new ones as seen, so that coming back from a case names who arrived meanwhile. Null
 * until the browser has said (nothing is new in the server's render).
 */
function useLastLooked(shownAt: string) {
  const [lastLooked, setLastLooked] = useState<string | null>(null);
  const latest = useRef(shownAt);
  useEffect(() => {
    latest.current = shownAt;
  }, [shownAt]);
  useEffect(() => {
    const remember = () => writeLastLooked(latest.current);
    const stored = readLastLooked();
    const valid = stored !== null && !Number.isNaN(Date.parse(stored)) && stored < latest.current;
    setLastLooked(valid ? stored : latest.current);
    window.addEventListener("pagehide", remember);
    return () => {
      window.removeEventListener("pagehide", remember);
      remember();
    };
  }, []);
  const markSeen = () => {
    setLastLooked(shownAt);
    writeLastLooked(shownAt);
  };
  return [lastLooked, markSeen] as const;
}

function KnownBadge({ count }: { count: number }) {
  return count > 0 ? <span className="badge bg-sky-100 text-sky-900">Known: {count} earlier</span> : null;
}

function StateText({ referral: r }: { referral: QueueRow }) {
  return (
    <>
      {r.releasedAt && r.state !== "follow_up" && r.state !== "closed" ? "Released · " : ""}
      {referralStateLabel(r.state, r.source)}
      {r.state === "closed" && r.closureReason
        ? `: ${CLOSURE_REASONS[r.closureReason as ClosureReason] ?? r.closureReason}`
        : ""}
      {r.assignedWorkerName ? ` (${r.assignedWorkerName})` : ""}
    </>
  );
}

/** How long they have waited, or when the case closed; the word the column heading says is for phones and screen readers. */
function Waited({ referral: r, now }: { referral: QueueRow; now: string }) {
  if (r.state === "closed")
    return r.closedAt ? (
      <>
        <span className="md:sr-only">Closed </span>
        {formatDate(r.closedAt)}
      </>
    ) : null;
  return (
    <>
      <span className="md:sr-only">Waited </span>
      {formatDuration(r.createdAt, new Date(now))}
    </>
  );
}
