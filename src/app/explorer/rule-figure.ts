import { compileModel, type SimulationResult } from "../../engine/index.ts";
import type { Figure } from "../ui/figure.ts";
import type { Annotations, Data, Layout, Shape } from "../ui/plotly.ts";
import { COLORS, FONT, translucent } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { seriesColor } from "./series.ts";
import { calciumBands } from "./time-course-figure.ts";

const POINTS = 241;

/** The axis end: one significant digit, rounded up (0.75 → 0.8), and 1 for a state that stays at 0. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(x));
  return Math.ceil(x / step) * step;
}

/**
 * The model's rule curves (its display block's `rules`: helpers such as a plasticity rule's target and
 * learning rate) as functions of one state, evaluated by the compiled model itself with every other
 * state held at the moment that state peaks (so a threshold shift by metaplasticity shows), and the
 * range the current run covers shaded. Undefined when the model names no rule curves.
 */
export function ruleFigure(r: SimulationResult): Figure | undefined {
  const model = r.model;
  const rules = model.display.rules;
  if (!rules) return undefined;
  const CURVES = rules.curves.map((c) => ({ ...c, axisTitle: c.axis, color: seriesColor(model, c.helper) }));
  // The curves' variable is a state or, for a rule read under a clamp, a protocol input.
  const asState = model.states.find((s) => s.name === rules.state);
  const xState = asState ?? model.inputs.find((i) => i.name === rules.state);
  if (!xState) return undefined;
  const unit = unitSuffix(xState.unit);
  const compiled = compileModel(model);
  const ci = xState.index;
  const c = (asState ? r.states[ci] : r.inputs[ci]) as Float64Array;
  let kPeak = 0;
  let cMin = Number.POSITIVE_INFINITY;
  for (let k = 0; k < c.length; k++) {
    if ((c[k] as number) > (c[kPeak] as number)) kPeak = k;
    cMin = Math.min(cMin, c[k] as number);
  }
  const cMax = c[kPeak] as number;
  // The LTD and LTP thresholds are marked when the curves are drawn against the banded state.
  const bands = rules.state === model.readout.bands?.state ? calciumBands(r) : undefined;
  // At least the range the display block gives the rule (a clamp at a low level still shows the whole rule).
  const xTop = Math.max(niceCeil(Math.max(cMax * 1.15, (bands?.ltp[0] ?? 0) * 1.3)), rules.range?.[1] ?? 0);
  const y = Float64Array.from(r.states, (s) => s[kPeak] as number);
  const inp = Float64Array.from(r.inputs, (s) => s[kPeak] as number);
  const out = new Float64Array(model.helpers.length);
  const xs = new Float64Array(POINTS);
  const curves = CURVES.map(() => new Float64Array(POINTS));
  const idx = CURVES.map((cv) => model.helpers.findIndex((h) => h.name === cv.helper));
  for (let k = 0; k < POINTS; k++) {
    const x = (xTop * k) / (POINTS - 1);
    xs[k] = x;
    if (asState) y[ci] = x;
    else inp[ci] = x;
    compiled.helperValues(y, r.values, inp, out);
    idx.forEach((h, j) => {
      (curves[j] as Float64Array)[k] = h >= 0 ? (out[h] as number) : Number.NaN;
    });
  }

  const data: Data[] = [];
  const shapes: Partial<Shape>[] = [];
  const annotations: Partial<Annotations>[] = [];
  const layout: Partial<Layout> = {
    font: { ...FONT },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 20, t: 34, b: 54 },
    height: 440,
    showlegend: false,
    hovermode: "x unified",
    xaxis: {
      title: { text: `${xState.label}, ${xState.name}${unit ? ` (${xState.unit})` : ""}` },
      range: [0, xTop],
      gridcolor: COLORS.grid,
      zeroline: false,
      anchor: "y2",
      ticks: "outside",
      linecolor: COLORS.axis,
    },
    shapes,
    annotations,
  };
  const L = layout as Record<string, unknown>;
  // Stacked like the time courses, top to bottom, with a gap of 0.12 between curves.
  const h = (1 - 0.12 * (CURVES.length - 1)) / CURVES.length;
  const dom: [number, number][] = CURVES.map((_, j) => [1 - j * (h + 0.12) - h, 1 - j * (h + 0.12)]);
  CURVES.forEach((cv, j) => {
    const axis = j === 0 ? "y" : `y${j + 1}`;
    L[`yaxis${j === 0 ? "" : j + 1}`] = {
      domain: dom[j],
      anchor: "x",
      type: cv.log ? "log" : "linear",
      title: { text: cv.axisTitle, standoff: 4 },
      gridcolor: COLORS.grid,
      zeroline: false,
      ticks: "outside",
      linecolor: COLORS.axis,
      exponentformat: "power",
    };
    data.push({
      type: "scatter",
      mode: "lines",
      name: cv.title,
      x: xs,
      y: curves[j],
      yaxis: axis as "y",
      line: { color: cv.color, width: 3 },
      hovertemplate: "%{y:.3g}",
    } as Data);
    annotations.push({
      xref: "paper",
      yref: "paper",
      x: 0,
      y: (dom[j] as [number, number])[1],
      xanchor: "left",
      yanchor: "bottom",
      text: `<b>${cv.title}</b>`,
      showarrow: false,
      font: { size: 14 },
    });
    shapes.push({
      type: "rect",
      xref: "x",
      yref: `${axis} domain` as "y",
      x0: cMin,
      x1: cMax,
      y0: 0,
      y1: 1,
      fillcolor: translucent(seriesColor(model, xState.name), 0.13),
      line: { width: 0 },
      layer: "below",
    });
    const thresholds = bands
      ? ([
          [bands.ltd[0], COLORS.outcome.LTD],
          [bands.ltp[0], COLORS.outcome.LTP],
        ] as const)
      : [];
    for (const [x, color] of thresholds) {
      shapes.push({
        type: "line",
        xref: "x",
        yref: `${axis} domain` as "y",
        x0: x,
        x1: x,
        y0: 0,
        y1: 1,
        line: { color, width: 1.5, dash: "dash" },
      });
    }
  });
  annotations.push({
    xref: "x",
    yref: "y domain" as "y",
    x: (cMin + cMax) / 2,
    y: 1,
    yanchor: "top",
    text: `this run: ${xState.name} ${showNumber(cMin)}–${showNumber(cMax)}${unit}`,
    showarrow: false,
    font: { size: 12, color: seriesColor(model, xState.name) },
    bgcolor: "rgba(255,255,255,0.8)",
  });
  // The run's own Ω at its calcium peak: every state as it was at that moment.
  if (asState) y[ci] = cMax;
  else inp[ci] = cMax;
  compiled.helperValues(y, r.values, inp, out);
  const firstAtPeak = idx[0] !== undefined && idx[0] >= 0 ? (out[idx[0]] as number) : Number.NaN;
  data.push({
    type: "scatter",
    mode: "markers",
    name: `peak ${xState.name}`,
    x: [cMax],
    y: [firstAtPeak],
    marker: { color: seriesColor(model, xState.name), size: 11, line: { color: "#fff", width: 2 } },
    hovertemplate: `peak ${xState.name} %{x:.3g}${unit}`,
  } as Data);
  return { data, layout };
}
