import type { SimulationResult } from "../../engine/index.ts";
import type { Figure } from "../ui/figure.ts";
import type { Annotations, Data, Layout, Shape } from "../ui/plotly.ts";
import { COLORS, FONT } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { DoseCurve } from "./dose-curve.ts";
import { seriesColor } from "./series.ts";

/**
 * The weight at the end of the run against the model's dose parameter (on a log axis when the parameter
 * is log-scaled), with the current run marked. A curve computed for an earlier state stays visible,
 * greyed, until the worker catches up.
 */
export function doseFigure(r: SimulationResult, param: string, curve: DoseCurve | undefined, fresh: boolean): Figure {
  const model = r.model;
  const p = model.parameters.find((q) => q.name === param);
  const [lo, hi] = p?.range ?? [0, 1];
  const log = p?.scale === "log";
  const weight = model.readout.weight;
  const ink = seriesColor(model, weight ?? "");
  const x0 = p ? (r.values[p.index] as number) : Number.NaN;
  const ltd = model.readout.ltdBelow ?? r.summary.wEnd;
  const ltp = model.readout.ltpAbove ?? r.summary.wEnd;
  const ys = curve ? curve.wEnd.filter(Number.isFinite) : [];
  const yMin = Math.min(ltd, r.summary.wEnd, ...ys) - 0.1;
  const yMax = Math.max(ltp, r.summary.wEnd, ...ys) + 0.1;
  const data: Data[] = [];
  if (curve) {
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${weight} at end`,
      x: curve.values,
      y: curve.wEnd,
      line: { color: fresh ? ink : "#9aa5ae", width: 3, dash: fresh ? "solid" : "dot" },
      marker: { size: 5, color: fresh ? ink : "#9aa5ae" },
      hovertemplate: `${param} %{x:.3g}${unitSuffix(p?.unit ?? "")}: ${weight} %{y:.3f}<extra></extra>`,
    } as Data);
  }
  data.push({
    type: "scatter",
    mode: "markers",
    name: "this run",
    x: [x0],
    y: [r.summary.wEnd],
    marker: {
      size: 16,
      color: COLORS.outcome[r.summary.outcome],
      line: { color: "#fff", width: 2.5 },
      symbol: "circle",
    },
    hovertemplate: `this run: ${param} %{x:.3g}, ${weight} %{y:.3f}<extra></extra>`,
  } as Data);
  const shapes: Partial<Shape>[] = [
    {
      type: "rect",
      xref: "paper",
      yref: "y",
      x0: 0,
      x1: 1,
      y0: ltd,
      y1: ltp,
      fillcolor: COLORS.neutralBand,
      line: { width: 0 },
      layer: "below",
    },
    {
      type: "rect",
      xref: "paper",
      yref: "y",
      x0: 0,
      x1: 1,
      y0: yMin - 1,
      y1: ltd,
      fillcolor: COLORS.ltdBand,
      line: { width: 0 },
      layer: "below",
    },
    {
      type: "rect",
      xref: "paper",
      yref: "y",
      x0: 0,
      x1: 1,
      y0: ltp,
      y1: yMax + 1,
      fillcolor: COLORS.ltpBand,
      line: { width: 0 },
      layer: "below",
    },
  ];
  const tEnd = r.t[r.t.length - 1] as number;
  const annotations: Partial<Annotations>[] = [
    {
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 1,
      xanchor: "left",
      yanchor: "bottom",
      showarrow: false,
      text: `<b>Dose-response: ${weight}(${showNumber(tEnd)}${unitSuffix(model.timeUnit)}) against ${p?.label ?? param}</b>`,
      font: { size: 14 },
    },
    {
      xref: "paper",
      yref: "y",
      x: 0.99,
      y: yMax,
      xanchor: "right",
      yanchor: "top",
      showarrow: false,
      text: "LTP",
      font: { size: 12, color: COLORS.outcome.LTP },
    },
    {
      xref: "paper",
      yref: "y",
      x: 0.99,
      y: yMin,
      xanchor: "right",
      yanchor: "bottom",
      showarrow: false,
      text: "LTD",
      font: { size: 12, color: COLORS.outcome.LTD },
    },
  ];
  if (!fresh) {
    annotations.push({
      xref: "paper",
      yref: "paper",
      x: 0.02,
      y: 0.98,
      xanchor: "left",
      yanchor: "top",
      showarrow: false,
      text: curve ? "updating…" : "computing…",
      font: { size: 13, color: COLORS.axis },
      bgcolor: "rgba(255,255,255,0.85)",
    });
  }
  const layout: Partial<Layout> = {
    font: { ...FONT },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 66, r: 20, t: 34, b: 54 },
    height: 440,
    showlegend: false,
    xaxis: {
      type: log ? "log" : "linear",
      range: log ? [Math.log10(lo), Math.log10(hi)] : [lo, hi],
      title: { text: `${p?.label ?? param}, ${param}${unitSuffix(p?.unit ?? "") ? ` (${p?.unit})` : ""}` },
      gridcolor: COLORS.grid,
      ticks: "outside",
      linecolor: COLORS.axis,
    },
    yaxis: {
      range: [yMin, yMax],
      title: { text: `${weight} at end of run` },
      gridcolor: COLORS.grid,
      zeroline: false,
      ticks: "outside",
      linecolor: COLORS.axis,
    },
    shapes,
    annotations,
  };
  return { data, layout };
}
