import type { Model } from "../../engine/index.ts";
import type { DoseOutput, DoseSeries } from "../compute/analysis-messages.ts";
import type { Data, Shape } from "../ui/plotly.ts";
import { COLORS } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { Figure } from "./analysis-card.ts";
import { axis, baseLayout, TREATED_COLOR, titleAnnotation, weightBands } from "./figure-style.ts";

export const DOSE_READOUTS = {
  wEnd: "w at end of run",
  peakC: "peak Ca²⁺ (µM)",
  timeInLtd: "time in the LTD band (s)",
  timeInLtp: "time in the LTP band (s)",
} as const;
export type DoseReadout = keyof typeof DOSE_READOUTS;

const SERIES_COLORS = [COLORS.w, TREATED_COLOR, "#6f8f6f", "#8f6f9c"];

/**
 * One readout against the swept parameter for the current settings and each overlay, with the current
 * run marked. For w the LTD / LTP bands are shaded; for peak Ca²⁺ the two calcium thresholds are drawn.
 */
export function doseResponseFigure(
  model: Model,
  runValues: Float64Array,
  out: DoseOutput,
  readout: DoseReadout,
  log: boolean,
): Figure {
  const p = model.parameters.find((q) => q.name === out.param);
  const unit = unitSuffix(p?.unit ?? "");
  const data: Data[] = out.series.map((s: DoseSeries, k) => ({
    type: "scatter",
    mode: "lines+markers",
    name: k === 0 ? "current settings" : `with ${s.label}`,
    x: s.values,
    y: s[readout],
    line: { color: SERIES_COLORS[k % SERIES_COLORS.length], width: 3, dash: k === 0 ? "solid" : "dash" },
    marker: { size: 5 },
    hovertemplate: `${out.param} %{x:.3g}${unit}: %{y:.3g}<extra>${k === 0 ? "current" : s.label}</extra>`,
  }));
  const c = out.current;
  data.push({
    type: "scatter",
    mode: "markers",
    name: "this run",
    x: [c.x],
    y: [c[readout]],
    marker: {
      size: 15,
      color: COLORS.outcome[c.outcome as "LTP" | "LTD" | "none"] ?? COLORS.w,
      line: { color: "#fff", width: 2.5 },
    },
    hovertemplate: `this run: ${out.param} %{x:.3g}${unit}, %{y:.3g}<extra></extra>`,
  });
  const ys = [...out.series.flatMap((s) => s[readout]), c[readout]].filter(Number.isFinite);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  const shapes: Partial<Shape>[] = [];
  const { ltdBelow, ltpAbove } = model.readout;
  if (readout === "wEnd" && ltdBelow !== undefined && ltpAbove !== undefined) {
    lo = Math.min(lo, ltdBelow) - 0.08;
    hi = Math.max(hi, ltpAbove) + 0.08;
    shapes.push(...weightBands(ltdBelow, ltpAbove, lo - 10, hi + 10, "horizontal"));
  } else {
    const pad = 0.06 * (hi - lo || 1);
    lo -= pad;
    hi += pad;
  }
  const annotations = [titleAnnotation(`${DOSE_READOUTS[readout]} against ${p?.label ?? out.param}`)];
  if (readout === "peakC") {
    const thd = model.parameters.find((q) => q.name === "thd");
    const thp = model.parameters.find((q) => q.name === "thp");
    for (const [q, color, text] of [
      [thd, COLORS.outcome.LTD, "LTD threshold"],
      [thp, COLORS.outcome.LTP, "LTP threshold"],
    ] as const) {
      if (!q) continue;
      const v = runValues[q.index] as number;
      shapes.push({
        type: "line",
        xref: "paper",
        x0: 0,
        x1: 1,
        yref: "y",
        y0: v,
        y1: v,
        line: { color, dash: "dot", width: 2 },
      });
      annotations.push({
        xref: "paper",
        yref: "y",
        x: 1,
        y: v,
        xanchor: "right",
        yanchor: "bottom",
        showarrow: false,
        text: `${text} ${showNumber(v)} µM`,
        font: { size: 12, color },
      });
    }
    lo = Math.min(lo, (thd ? (runValues[thd.index] as number) : lo) - 0.03);
    hi = Math.max(hi, (thp ? (runValues[thp.index] as number) : hi) + 0.03);
  }
  const layout = {
    ...baseLayout(460),
    showlegend: true,
    legend: { orientation: "h" as const, x: 0, y: -0.2, xanchor: "left" as const },
    margin: { l: 70, r: 24, t: 40, b: 90 },
    xaxis: axis(`${p?.label ?? out.param}, ${out.param}${unit ? ` (${p?.unit})` : ""}`, {
      type: log ? "log" : "linear",
    }),
    yaxis: axis(DOSE_READOUTS[readout], { range: [lo, hi] }),
    shapes,
    annotations,
  };
  return { data, layout };
}
