import { compileModel, type SimulationResult } from "../../engine/index.ts";
import type { Annotations, Data, Layout, Shape } from "../ui/plotly.ts";
import { COLORS, FONT } from "../ui/theme.ts";
import { showNumber } from "../ui/units.ts";
import { calciumBands } from "./time-course-figure.ts";

/** The helpers drawn against calcium: the plasticity rule's target and its learning rate. */
const CURVES = [
  { helper: "Omega", title: "Ω(C): weight target", axisTitle: "Ω", log: false, color: COLORS.w },
  { helper: "eta", title: "η(C): learning rate", axisTitle: "η (1/s)", log: true, color: COLORS.D },
];

const POINTS = 241;

/**
 * Ω and η as functions of calcium, evaluated by the compiled model itself with every other state held
 * at the moment of peak calcium (so a threshold shift by metaplasticity shows), and the calcium range
 * the current run covers shaded.
 */
export function ruleFigure(r: SimulationResult): { data: Data[]; layout: Partial<Layout> } {
  const model = r.model;
  const compiled = compileModel(model);
  const ci = model.states.find((s) => s.name === model.readout.bands?.state)?.index ?? -1;
  const c = r.states[ci] as Float64Array;
  let kPeak = 0;
  let cMin = Number.POSITIVE_INFINITY;
  for (let k = 0; k < c.length; k++) {
    if ((c[k] as number) > (c[kPeak] as number)) kPeak = k;
    cMin = Math.min(cMin, c[k] as number);
  }
  const cMax = c[kPeak] as number;
  const bands = calciumBands(r);
  const xTop = Math.max(1, cMax * 1.15, bands.ltp[0] * 1.3);
  const y = Float64Array.from(r.states, (s) => s[kPeak] as number);
  const inp = Float64Array.from(r.inputs, (s) => s[kPeak] as number);
  const out = new Float64Array(model.helpers.length);
  const xs = new Float64Array(POINTS);
  const curves = CURVES.map(() => new Float64Array(POINTS));
  const idx = CURVES.map((cv) => model.helpers.findIndex((h) => h.name === cv.helper));
  for (let k = 0; k < POINTS; k++) {
    const x = (xTop * k) / (POINTS - 1);
    xs[k] = x;
    y[ci] = x;
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
      title: { text: "spine Ca²⁺ above rest, C (µM)" },
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
  const dom: [number, number][] = [
    [0.56, 1],
    [0, 0.44],
  ];
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
      fillcolor: "rgba(192, 36, 92, 0.13)",
      line: { width: 0 },
      layer: "below",
    });
    for (const [x, color] of [
      [bands.ltd[0], COLORS.Rb],
      [bands.ltp[0], COLORS.outcome.LTP],
    ] as const) {
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
    text: `this run: C ${showNumber(cMin)}–${showNumber(cMax)} µM`,
    showarrow: false,
    font: { size: 12, color: COLORS.C },
    bgcolor: "rgba(255,255,255,0.8)",
  });
  // The run's own Ω at its calcium peak: every state as it was at that moment.
  y[ci] = cMax;
  compiled.helperValues(y, r.values, inp, out);
  const omegaAtPeak = idx[0] !== undefined && idx[0] >= 0 ? (out[idx[0]] as number) : Number.NaN;
  data.push({
    type: "scatter",
    mode: "markers",
    name: "peak C",
    x: [cMax],
    y: [omegaAtPeak],
    marker: { color: COLORS.C, size: 11, line: { color: "#fff", width: 2 } },
    hovertemplate: "peak C %{x:.3g} µM",
  } as Data);
  return { data, layout };
}
