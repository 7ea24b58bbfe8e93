// Referrals by where they came from: its own section of the commissioner dashboard and the printed
// report (issue 20), a figure table like every other, so its CSV is what it shows.
import type { FigureTable } from "~/domain/metrics/figure-table";
import { FigureTableView } from "./figure-table";

export function ReferralSourcesSection({
  table,
  csvHref,
  isReport = false,
}: {
  table: FigureTable;
  csvHref?: string;
  isReport?: boolean;
}) {
  return (
    <div className="mt-8">
      <FigureTableView table={table} csvHref={csvHref} headingLevel={2} isReport={isReport} />
    </div>
  );
}
