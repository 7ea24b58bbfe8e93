// The pathway funnel as an SVG drawn on the server: one bar per stage, to scale, with each
// stage's count and its share of the stage before it (only where both counts are shown).
import { useId } from "react";
import type { FigureTable } from "~/domain/metrics/figure-table";

// Narrow, so that on a phone the text is close to its real size.
const WIDTH = 320;
const ROW = 46;
const BAR = 16;

export function FunnelChart({ table, column = "count" }: { table: FigureTable; column?: string }) {
  const id = useId();
  const stages = table.rows.map((row) => ({ label: row.label, cell: row.cells[column] }));
  const max = Math.max(1, ...stages.map((s) => (s.cell.status === "shown" ? s.cell.value : 0)));
  const height = stages.length * ROW + 4;
  const summary = stages.map((s) => `${s.label}: ${s.cell.text}`).join("; ");

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      className="mt-3 h-auto w-full max-w-md"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      fontFamily="system-ui, sans-serif"
    >
      <title id={`${id}-title`}>{table.title}</title>
      <desc id={`${id}-desc`}>{summary}</desc>
      {stages.map((stage, i) => {
        const y = i * ROW;
        const previous = stages[i - 1]?.cell;
        const value = stage.cell.status === "shown" ? stage.cell.value : null;
        const width = value === null ? 0 : value === 0 ? 0 : Math.max(3, (value / max) * (WIDTH - 76));
        const share =
          value !== null && previous?.status === "shown" && previous.value > 0
            ? `${((value / previous.value) * 100).toFixed(1)}% of previous`
            : "";
        return (
          <g key={stage.label}>
            <text x={0} y={y + 14} fontSize={12} fill="#0f172a">
              {stage.label}
            </text>
            <rect x={0} y={y + 20} width={WIDTH - 76} height={BAR} fill="#e2e8f0" rx={2} />
            {width > 0 ? <rect x={0} y={y + 20} width={width} height={BAR} fill="#0b5656" rx={2} /> : null}
            <text x={WIDTH - 70} y={y + 33} fontSize={13} fontWeight={600} fill="#0f172a">
              {stage.cell.text}
            </text>
            {share ? (
              <text
                x={width + 6 < WIDTH - 176 ? width + 6 : 4}
                y={y + 33}
                fontSize={11}
                fill={width + 6 < WIDTH - 176 ? "#334155" : "#ffffff"}
              >
                {share}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
