import type { SimulationResult } from "../../engine/index.ts";
import { seriesInfo, seriesOf } from "../explorer/series.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { TableData } from "./data-table.ts";

/** Rows of a time-course table: one a minute reads well and keeps a 1-hour run at 61 rows. */
const TIME_STEP = 60;
const MAX_ROWS = 120;

function withUnit(text: string, unit: string): string {
  return unitSuffix(unit) ? `${text} (${unit})` : text;
}

/** Indices of the samples nearest 0, step, 2·step, … and the last sample. */
function everyStep(t: Float64Array, step: number): number[] {
  const out: number[] = [];
  let k = 0;
  const end = t[t.length - 1] as number;
  for (let target = t[0] as number; target <= end; target += step) {
    while (k + 1 < t.length && Math.abs((t[k + 1] as number) - target) <= Math.abs((t[k] as number) - target)) k++;
    if (out.at(-1) !== k) out.push(k);
  }
  if (out.at(-1) !== t.length - 1) out.push(t.length - 1);
  return out;
}

/** The time courses of the current run, one row a minute, every plotted state and input as a column. */
export function timeCourseTable(r: SimulationResult): TableData {
  const model = r.model;
  const tEnd = r.t[r.t.length - 1] as number;
  const step = Math.max(TIME_STEP, Math.ceil(tEnd / MAX_ROWS / TIME_STEP) * TIME_STEP);
  const rows = everyStep(r.t, step);
  const columns = [`time (${model.timeUnit})`];
  const series: Float64Array[] = [];
  for (const panel of model.display.panels) {
    for (const name of panel.series) {
      const values = seriesOf(r, name);
      const q = seriesInfo(model, name);
      if (!values || !q) continue;
      columns.push(withUnit(`${q.label}, ${name}`, q.unit));
      series.push(values);
    }
  }
  return {
    caption: `Time courses of this run, every ${showNumber(step)} ${model.timeUnit} (pinned runs not included)`,
    columns,
    rows: rows.map((k) => [r.t[k] as number, ...series.map((v) => v[k] as number)]),
  };
}

interface PlottedTrace {
  name?: string;
  mode?: string;
  x?: ArrayLike<number>;
  y?: ArrayLike<number>;
  yaxis?: string;
}

interface PlottedFigure extends HTMLElement {
  data?: PlottedTrace[];
  layout?: Record<string, { title?: { text?: string } } | undefined>;
}

function axisTitle(fig: PlottedFigure, axis: string): string {
  const key = axis === "y" ? "yaxis" : axis === "x" ? "xaxis" : axis.replace(/^y/, "yaxis");
  return fig.layout?.[key]?.title?.text ?? "";
}

/** "η (1/s)" → "1/s": the unit in an axis title's last parentheses. */
function unitIn(title: string): string {
  return /\(([^()]*)\)\s*$/.exec(title)?.[1] ?? "";
}

/**
 * A figure's line traces as Plotly holds them (what is on screen), sharing the x values of the first;
 * markers become a note. `every` keeps every k-th row and the last.
 */
export function plottedTable(figure: HTMLElement, caption: string, every: number): TableData | undefined {
  const fig = figure as PlottedFigure;
  const traces = fig.data ?? [];
  const lines = traces.filter((t) => (t.mode ?? "lines").includes("lines") && t.x && t.y);
  const first = lines[0];
  if (!first?.x) return undefined;
  const n = first.x.length;
  const same = lines.filter((t) => t.x?.length === n);
  const columns = [
    axisTitle(fig, "x") || "x",
    ...same.map((t) => {
      const unit = unitIn(axisTitle(fig, t.yaxis ?? "y"));
      return withUnit(t.name ?? "", unit);
    }),
  ];
  const rows: number[][] = [];
  for (let k = 0; k < n; k += every) rows.push([first.x[k] as number, ...same.map((t) => t.y?.[k] as number)]);
  if ((n - 1) % every !== 0) rows.push([first.x[n - 1] as number, ...same.map((t) => t.y?.[n - 1] as number)]);
  const markers = traces
    .filter((t) => t.mode === "markers" && t.x?.length === 1 && t.y?.length === 1)
    .map((t) => `${t.name}: ${showNumber(t.x?.[0] as number)}, ${showNumber(t.y?.[0] as number)}`);
  return {
    caption,
    columns,
    rows,
    ...(markers.length ? { note: `Marked points (x, y): ${markers.join("; ")}.` } : {}),
  };
}
