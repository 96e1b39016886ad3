import { type Model, refValue } from "../../engine/index.ts";
import type { DoseOutput, DoseSeries } from "../compute/jobs.ts";
import { readoutLabel, weightReadoutId } from "../compute/readouts-of.ts";
import type { Figure } from "../ui/figure.ts";
import type { Data, Shape } from "../ui/plotly.ts";
import { COLORS } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { axis, baseLayout, TREATED_COLOR, titleAnnotation, titledFrame, weightBands } from "./figure-style.ts";

const SERIES_COLORS = [COLORS.ink, TREATED_COLOR, "#6f8f6f", "#8f6f9c"];

/**
 * One readout against the swept parameter for the current settings and each overlay, with the current
 * run marked and, where the model says where the readout means "no change", a reference line there. For the weight at the end the LTD / LTP bands are shaded; for the peak of the banded state
 * (calcium in the default model) the two thresholds are drawn.
 */
export function doseResponseFigure(
  model: Model,
  runValues: Float64Array,
  out: DoseOutput,
  readout: string,
  log: boolean,
  /** The figure's width in pixels: the title and key wrap to fit it. */
  figureWidth = 1000,
): Figure {
  const label = readoutLabel(model, readout);
  const ofSeries = (s: DoseSeries) => s.readouts[readout] ?? [];
  const atCurrent = out.current.readouts[readout] ?? Number.NaN;
  const p = model.parameters.find((q) => q.name === out.param);
  const unit = unitSuffix(p?.unit ?? "");
  const data: Data[] = out.series.map((s: DoseSeries, k) => ({
    type: "scatter",
    mode: "lines+markers",
    name: k === 0 ? "current settings" : `with ${s.label}`,
    x: s.values,
    y: ofSeries(s),
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
    y: [atCurrent],
    marker: {
      size: 15,
      color: COLORS.outcome[c.outcome as "LTP" | "LTD" | "none"] ?? COLORS.ink,
      line: { color: "#fff", width: 2.5 },
    },
    hovertemplate: `this run: ${out.param} %{x:.3g}${unit}, %{y:.3g}<extra></extra>`,
  });
  const ys = [...out.series.flatMap(ofSeries), atCurrent].filter(Number.isFinite);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  const shapes: Partial<Shape>[] = [];
  const { ltdBelow, ltpAbove } = model.readout;
  if (readout === weightReadoutId(model) && ltdBelow !== undefined && ltpAbove !== undefined) {
    lo = Math.min(lo, ltdBelow) - 0.08;
    hi = Math.max(hi, ltpAbove) + 0.08;
    shapes.push(...weightBands(ltdBelow, ltpAbove, lo - 10, hi + 10, "horizontal"));
  } else {
    const pad = 0.06 * (hi - lo || 1);
    lo -= pad;
    hi += pad;
  }
  const frame = titledFrame(
    460,
    `${label} against ${p?.label ?? out.param}`,
    `${p?.label ?? out.param}, ${out.param}${unit ? ` (${p?.unit})` : ""}`,
    data,
    figureWidth,
    70,
  );
  const annotations = [titleAnnotation(frame.title)];
  // The model says where this readout means "no change": a reference line there.
  const still = model.display.noChange[readout];
  if (still !== undefined) {
    shapes.push({
      type: "line",
      xref: "paper",
      x0: 0,
      x1: 1,
      yref: "y",
      y0: still,
      y1: still,
      line: { color: COLORS.axis, dash: "dash", width: 1.5 },
    });
    annotations.push({
      xref: "paper",
      yref: "y",
      x: 0,
      y: still,
      xanchor: "left",
      yanchor: "bottom",
      showarrow: false,
      text: `no change (${showNumber(still)})`,
      font: { size: 12, color: COLORS.axis },
    });
    const pad = 0.04 * (hi - lo || 1);
    lo = Math.min(lo, still - pad);
    hi = Math.max(hi, still + pad);
  }
  const bands = model.readout.bands;
  if (bands && readout === `peak:${bands.state}`) {
    const stateUnit = unitSuffix(model.states.find((x) => x.name === bands.state)?.unit ?? "");
    const ltd = refValue(bands.ltd[0], model, runValues);
    const ltp = refValue(bands.ltp[0], model, runValues);
    for (const [v, color, text] of [
      [ltd, COLORS.outcome.LTD, "LTD threshold"],
      [ltp, COLORS.outcome.LTP, "LTP threshold"],
    ] as const) {
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
        text: `${text} ${showNumber(v)}${stateUnit}`,
        font: { size: 12, color },
      });
    }
    const pad = 0.05 * (ltp - ltd || 1);
    lo = Math.min(lo, ltd - pad);
    hi = Math.max(hi, ltp + pad);
  }
  const layout = {
    ...baseLayout(frame.height),
    showlegend: true,
    legend: frame.legend,
    margin: frame.margin,
    xaxis: axis(frame.xTitle, {
      type: log ? "log" : "linear",
    }),
    yaxis: axis(label, { range: [lo, hi] }),
    shapes,
    annotations,
  };
  return { data, layout };
}
