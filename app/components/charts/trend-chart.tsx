// A monthly line chart drawn on the server as SVG. Series differ by colour, dash and marker, so
// colour is never the only difference; a withheld month is a gap in the line.
import { useId } from "react";
import { ScrollsSideways } from "~/components/scrolls-sideways";
import type { FigureTable } from "~/domain/metrics/figure-table";

const WIDTH = 640;
const HEIGHT = 250;
const MARGIN = { top: 16, right: 32, bottom: 36, left: 52 };

const styles = [
  { colour: "#0b5656", dash: undefined, marker: "circle" },
  { colour: "#b45309", dash: "6 4", marker: "square" },
  { colour: "#1e40af", dash: "2 3", marker: "diamond" },
] as const;

export type TrendSeries = { column: string; label: string };

/** A scale maximum that reads well: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

function Marker({
  kind,
  x,
  y,
  colour,
}: {
  kind: (typeof styles)[number]["marker"];
  x: number;
  y: number;
  colour: string;
}) {
  if (kind === "square") return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={colour} />;
  if (kind === "diamond")
    return <path d={`M${x} ${y - 4.5}L${x + 4.5} ${y}L${x} ${y + 4.5}L${x - 4.5} ${y}Z`} fill={colour} />;
  return <circle cx={x} cy={y} r={3.5} fill={colour} />;
}

export function TrendChart({
  table,
  series,
  title,
  isPercent = false,
}: {
  table: FigureTable;
  series: TrendSeries[];
  title: string;
  isPercent?: boolean;
}) {
  const id = useId();
  const months = table.rows.filter((r) => !r.isTotal);
  const values = series.map((s) =>
    months.map((m) => (m.cells[s.column]?.status === "shown" ? (m.cells[s.column].value as number) : null)),
  );
  const top = niceMax(Math.max(0, ...values.flat().map((v) => v ?? 0)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (months.length <= 1 ? plotWidth / 2 : (i / (months.length - 1)) * plotWidth);
  const y = (v: number) => MARGIN.top + plotHeight - (v / top) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(months.length / 8));
  const format = (v: number) => (isPercent ? `${Number.isInteger(v) ? v : v.toFixed(1)}%` : v.toLocaleString("en-GB"));
  const description = series
    .map(
      (s, i) =>
        `${s.label}: ${months.map((m, j) => `${m.label} ${values[i][j] === null ? m.cells[s.column]?.text : format(values[i][j]!)}`).join(", ")}`,
    )
    .join(". ");

  return (
    <figure className="mt-3 min-w-0">
      <figcaption className="font-semibold">{title}</figcaption>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-hidden="true">
        {series.map((s, i) => (
          <li key={s.column} className="flex items-center gap-2">
            <svg width="28" height="10" viewBox="0 0 28 10">
              <line
                x1="0"
                y1="5"
                x2="28"
                y2="5"
                stroke={styles[i].colour}
                strokeWidth={2.5}
                strokeDasharray={styles[i].dash}
              />
              <Marker kind={styles[i].marker} x={14} y={5} colour={styles[i].colour} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <ScrollsSideways label={title}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="h-auto w-full min-w-[34rem] max-w-3xl"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          fontFamily="system-ui, sans-serif"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <g key={f}>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(top * f)}
                y2={y(top * f)}
                stroke="#cbd5e1"
                strokeWidth={1}
              />
              <text x={MARGIN.left - 6} y={y(top * f) + 4} fontSize={11} textAnchor="end" fill="#334155">
                {format(top * f)}
              </text>
            </g>
          ))}
          {months.map((m, i) =>
            // Counted back from the latest month, which is always labelled.
            (months.length - 1 - i) % labelEvery === 0 ? (
              <text key={m.key} x={x(i)} y={HEIGHT - 14} fontSize={11} textAnchor="middle" fill="#334155">
                {m.label}
              </text>
            ) : null,
          )}
          {series.map((s, i) => {
            const style = styles[i];
            const segments: string[] = [];
            let path = "";
            values[i].forEach((v, j) => {
              if (v === null) {
                if (path) segments.push(path);
                path = "";
                return;
              }
              path += `${path ? "L" : "M"}${x(j).toFixed(1)} ${y(v).toFixed(1)}`;
            });
            if (path) segments.push(path);
            return (
              <g key={s.column}>
                {segments.map((d) => (
                  <path
                    key={d}
                    d={d}
                    fill="none"
                    stroke={style.colour}
                    strokeWidth={2.5}
                    strokeDasharray={style.dash}
                  />
                ))}
                {values[i].map((v, j) =>
                  v === null ? null : <Marker key={j} kind={style.marker} x={x(j)} y={y(v)} colour={style.colour} />,
                )}
              </g>
            );
          })}
        </svg>
      </ScrollsSideways>
      {values.flat().some((v) => v === null) ? (
        <p className="text-sm text-slate-700">A gap in a line is a month whose figure is withheld or has no data.</p>
      ) : null}
    </figure>
  );
}
