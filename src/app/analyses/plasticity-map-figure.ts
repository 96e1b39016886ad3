import type { Model } from "../../engine/index.ts";
import type { MapOutput } from "../compute/jobs.ts";
import type { Figure } from "../ui/figure.ts";
import type { Data, Layout } from "../ui/plotly.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { axis, baseLayout, titleAnnotation, titledFrame } from "./figure-style.ts";

/**
 * Colour stops of w: blue below the LTD threshold, grey between the thresholds, red above the LTP
 * threshold, so the outcome regions read directly; the shade within each says how strong the change is.
 */
function weightScale(lo: number, hi: number, ltd: number, ltp: number): [number, string][] {
  const at = (w: number) => Math.min(1, Math.max(0, (w - lo) / (hi - lo)));
  return [
    [0, "rgb(11,60,110)"],
    [at(ltd), "rgb(140,184,224)"],
    [at(ltd), "rgb(228,230,232)"],
    [at(ltp), "rgb(228,230,232)"],
    [at(ltp), "rgb(242,180,154)"],
    [1, "rgb(142,28,18)"],
  ];
}

/**
 * A log axis drawn as a linear axis of log10 values, labelled in the values: heatmap cells and contour
 * lines are then interpolated evenly in log space, as the grid was laid out.
 */
function decadeTicks(values: number[]): { tickvals: number[]; ticktext: string[] } {
  const a = Math.ceil(Math.log10(Math.min(...values)) - 1e-9);
  const b = Math.floor(Math.log10(Math.max(...values)) + 1e-9);
  const tickvals: number[] = [];
  for (let k = a; k <= b; k++) tickvals.push(k);
  return { tickvals, ticktext: tickvals.map((k) => showNumber(10 ** k)) };
}

/**
 * w at the end over the two parameters: the cells coloured by outcome, the LTD and LTP borders drawn
 * as lines (w = thresholds), the current point marked, and every cell's value on hover.
 */
export function plasticityMapFigure(
  model: Model,
  r: MapOutput,
  /** The figure's width in pixels: the title and key wrap to fit it. */
  figureWidth = 1000,
): Figure {
  const w = model.readout.weight;
  const { ltdBelow: ltd, ltpAbove: ltp } = r.thresholds;
  const all = r.wEnd.flat().filter(Number.isFinite);
  const lo = Math.min(ltd - 0.02, ...all);
  const hi = Math.max(ltp + 0.02, ...all);
  const tx = (v: number) => (r.x.log ? Math.log10(v) : v);
  const ty = (v: number) => (r.y.log ? Math.log10(v) : v);
  const xs = r.x.values.map(tx);
  const ys = r.y.values.map(ty);
  const px = model.parameters.find((q) => q.name === r.x.param);
  const py = model.parameters.find((q) => q.name === r.y.param);
  const title = (label: string | undefined, name: string, unit: string, log: boolean) =>
    `${label ?? name}, ${name}${unitSuffix(unit) ? ` (${unit})` : ""}${log ? ", log scale" : ""}`;
  // Missing cells (a run that could not be solved) are gaps, not zeros.
  const z = r.wEnd.map((row) => row.map((w) => (Number.isFinite(w) ? w : null)));
  // Each cell's parameter values for the hover text, since the axes are in log10 where the grid is.
  const where = r.y.values.map((y) =>
    r.x.values.map((x) => `${r.x.param} ${showNumber(x)}, ${r.y.param} ${showNumber(y)}`),
  );
  const border = (level: number, name: string, dash: "solid" | "dash"): Data => ({
    type: "contour",
    name,
    x: xs,
    y: ys,
    z,
    autocontour: false,
    contours: { coloring: "none", start: level, end: level, size: 1 },
    line: { color: "#1d2b36", width: 2.5, dash, smoothing: 0 },
    showscale: false,
    showlegend: true,
    hoverinfo: "skip",
  });
  const data: Data[] = [
    {
      type: "heatmap",
      name: `${w} at end`,
      x: xs,
      y: ys,
      z,
      text: where,
      zmin: lo,
      zmax: hi,
      zsmooth: false,
      colorscale: weightScale(lo, hi, ltd, ltp),
      colorbar: {
        title: { text: `${w} at end`, side: "right" },
        tickvals: [lo, ltd, ltp, hi],
        ticktext: [showNumber(lo), `LTD ${showNumber(ltd)}`, `LTP ${showNumber(ltp)}`, showNumber(hi)],
        len: 0.9,
        thickness: 16,
      },
      hovertemplate: "%{text}: w %{z:.3f}<extra></extra>",
      showlegend: false,
    },
    border(ltd, `LTD border, ${w} = ${ltd}`, "solid"),
    border(ltp, `LTP border, ${w} = ${ltp}`, "dash"),
    {
      type: "scatter",
      mode: "markers",
      name: "this run",
      x: [tx(r.current.x)],
      y: [ty(r.current.y)],
      marker: { size: 18, symbol: "x", color: "#000", line: { width: 2, color: "#fff" } },
      hovertemplate: `this run: ${r.x.param} ${showNumber(r.current.x)}, ${r.y.param} ${showNumber(r.current.y)}<extra></extra>`,
    },
  ];
  const frame = titledFrame(
    540,
    `${w} at end over ${r.x.param} × ${r.y.param}: blue LTD (${w} < ${ltd}), grey none, red LTP (${w} > ${ltp}); ✕ this run`,
    title(px?.label, r.x.param, r.x.unit, r.x.log),
    data,
    figureWidth,
    80,
    26,
  );
  const layout: Partial<Layout> = {
    ...baseLayout(frame.height),
    showlegend: true,
    legend: frame.legend,
    margin: frame.margin,
    xaxis: axis(frame.xTitle, {
      showgrid: false,
      ...(r.x.log ? decadeTicks(r.x.values) : {}),
    }),
    yaxis: axis(title(py?.label, r.y.param, r.y.unit, r.y.log), {
      showgrid: false,
      ...(r.y.log ? decadeTicks(r.y.values) : {}),
    }),
    annotations: [titleAnnotation(frame.title)],
  };
  return { data, layout };
}
