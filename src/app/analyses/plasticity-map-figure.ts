import type { Model } from "../../engine/index.ts";
import type { Data } from "../plotly.ts";
import { unitSuffix } from "../units.ts";
import type { MapOutput } from "../worker/analysis-messages.ts";
import type { Figure } from "./analysis-card.ts";
import { axis, baseLayout, titleAnnotation } from "./figure-style.ts";

/**
 * Colour scale of w: blue below the LTD threshold, grey in between, red above the LTP threshold, so
 * the outcome regions read directly; shades within each show how strong the change is.
 */
function weightScale(lo: number, hi: number, ltd: number, ltp: number): [number, string][] {
  const at = (w: number) => Math.min(1, Math.max(0, (w - lo) / (hi - lo)));
  const a = at(ltd);
  const b = at(ltp);
  return [
    [0, "#0b3c6e"],
    [a, "#8cb8e0"],
    [a, "#e4e6e8"],
    [b, "#e4e6e8"],
    [b, "#f2b49a"],
    [1, "#8e1c12"],
  ];
}

/** w at the end over the two parameters, as a heatmap with the LTD and LTP borders drawn as contours. */
export function plasticityMapFigure(model: Model, r: MapOutput): Figure {
  const { ltdBelow: ltd, ltpAbove: ltp } = r.thresholds;
  const all = r.wEnd.flat().filter(Number.isFinite);
  const lo = Math.min(ltd - 0.02, ...all);
  const hi = Math.max(ltp + 0.02, ...all);
  const px = model.parameters.find((q) => q.name === r.x.param);
  const py = model.parameters.find((q) => q.name === r.y.param);
  const title = (p: typeof px, name: string, unit: string) =>
    `${p?.label ?? name}, ${name}${unitSuffix(unit) ? ` (${unit})` : ""}${r.x.param === name && r.x.log ? ", log" : ""}`;
  const data: Data[] = [
    {
      type: "heatmap",
      x: r.x.values,
      y: r.y.values,
      z: r.wEnd,
      zmin: lo,
      zmax: hi,
      colorscale: weightScale(lo, hi, ltd, ltp),
      colorbar: {
        title: { text: "w at end", side: "right" },
        tickvals: [lo, ltd, 1, ltp, hi].map((v) => Number(v.toFixed(2))),
        len: 0.9,
        thickness: 16,
      },
      hovertemplate: `${r.x.param} %{x:.3g}, ${r.y.param} %{y:.3g}: w %{z:.3f}<extra></extra>`,
    } as Data,
    {
      type: "contour",
      x: r.x.values,
      y: r.y.values,
      z: r.wEnd,
      showscale: false,
      contours: {
        coloring: "none",
        start: ltd,
        end: ltp,
        size: ltp - ltd,
        showlabels: true,
        labelfont: { size: 12, color: "#1d2b36" },
      },
      line: { color: "#1d2b36", width: 2 },
      hoverinfo: "skip",
    } as Data,
    {
      type: "scatter",
      mode: "markers",
      name: "this run",
      x: [r.current.x],
      y: [r.current.y],
      marker: { size: 16, symbol: "x-thin-open", color: "#000", line: { width: 4, color: "#000" } },
      hovertemplate: `this run: ${r.x.param} %{x:.3g}, ${r.y.param} %{y:.3g}<extra></extra>`,
    } as Data,
    {
      type: "scatter",
      mode: "markers",
      showlegend: false,
      x: [r.current.x],
      y: [r.current.y],
      marker: { size: 20, symbol: "circle-open", color: "#fff", line: { width: 3, color: "#fff" } },
      hoverinfo: "skip",
    } as Data,
  ];
  return {
    data,
    layout: {
      ...baseLayout(520),
      margin: { l: 80, r: 24, t: 44, b: 64 },
      xaxis: axis(title(px, r.x.param, r.x.unit), { type: r.x.log ? "log" : "linear", showgrid: false }),
      yaxis: axis(title(py, r.y.param, r.y.unit), { type: r.y.log ? "log" : "linear", showgrid: false }),
      annotations: [
        titleAnnotation(
          `w at end over ${r.x.param} × ${r.y.param}: blue LTD (w < ${ltd}), grey none, red LTP (w > ${ltp}); ✕ this run`,
        ),
      ],
    },
  };
}
