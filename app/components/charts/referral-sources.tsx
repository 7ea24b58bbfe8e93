// Referrals by where they came from: its own section of the commissioner dashboard (issue 20).
import type { SourceFigures } from "~/domain/metrics/referral-sources.server";
import { FigureCell } from "./figure-table";

export function ReferralSourcesSection({ figures }: { figures: SourceFigures }) {
  return (
    <section aria-labelledby="referral-sources-heading" className="card mb-6" id="referral-sources">
      <h2 id="referral-sources-heading" className="text-xl font-bold">
        Referrals by where they came from
      </h2>
      <p className="mt-1 text-slate-700">
        Referrals from custody count where their custody centre is. Referrals from a near-fatal overdose, from patrol
        and self-referrals have no custody centre: they count in the local authority area they belong to. The referral
        rate is a custody figure: referrals from custody per detention.
      </p>
      <table className="mt-3 w-full max-w-xl text-left">
        <caption className="sr-only">Referrals made in the period, by where they came from</caption>
        <thead>
          <tr className="border-b-2 border-slate-400">
            <th scope="col" className="py-2 pr-4">
              Where from
            </th>
            <th scope="col" className="py-2 text-right">
              Referrals
            </th>
          </tr>
        </thead>
        <tbody>
          {figures.rows.map((row) => (
            <tr key={row.source} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-4 font-normal">
                {row.label}
              </th>
              <td className="py-2 text-right tabular-nums">
                <FigureCell cell={row.referrals} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-slate-400 font-bold">
            <th scope="row" className="py-2 pr-4">
              All referrals
            </th>
            <td className="py-2 text-right tabular-nums">
              <FigureCell cell={figures.total} />
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
