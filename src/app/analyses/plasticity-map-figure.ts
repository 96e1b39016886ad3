import type { Model } from "../../engine/index.ts";
import type { MapOutput } from "../compute/jobs.ts";
import type { Data, Layout } from "../ui/plotly.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { Figure } from "./analysis-card.ts";
import { axis, baseLayout, titleAnnotation } from "./figure-style.ts";
import { isoLines } from "./iso-lines.ts";

type Rgb = [number, number, number];

/**
 * Colour stops of w: blue below the LTD threshold, grey between the thresholds, red above the LTP
 * threshold, so the outcome regions read directly; the shade within each says how strong the change is.
 */
function weightStops(lo: number, hi: number, ltd: number, ltp: number): [number, Rgb][] {
  const at = (w: number) => Math.min(1, Math.max(0, (w - lo) / (hi - lo)));
  return [
    [0, [11, 60, 110]],
    [at(ltd), [140, 184, 224]],
    [at(ltd), [228, 230, 232]],
    [at(ltp), [228, 230, 232]],
    [at(ltp), [242, 180, 154]],
    [1, [142, 28, 18]],
  ];
}

function colourAt(stops: [number, Rgb][], t: number): Rgb {
  for (let k = 1; k < stops.length; k++) {
    const [t1, c1] = stops[k] as [number, Rgb];
    const [t0, c0] = stops[k - 1] as [number, Rgb];
    if (t <= t1) {
      const f = t1 > t0 ? (t - t0) / (t1 - t0) : 1;
      return [0, 1, 2].map((i) => Math.round((c0[i] as number) + f * ((c1[i] as number) - (c0[i] as number)))) as Rgb;
    }
  }
  return (stops[stops.length - 1] as [number, Rgb])[1];
}

const css = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** Pixels per cell in the image: enough that the browser's smoothing only softens the cell edges. */
const CELL_PX = 8;

/**
 * The grid as an image, one block of pixels per cell, top row first. Drawn as a picture behind the
 * axes, the map needs only the scatter traces of the app's basic Plotly bundle (no heatmap trace).
 */
function gridImage(z: number[][], stops: [number, Rgb][], lo: number, hi: number): string {
  const ny = z.length;
  const nx = z[0]?.length ?? 0;
  const canvas = document.createElement("canvas");
  canvas.width = nx * CELL_PX;
  canvas.height = ny * CELL_PX;
  const g = canvas.getContext("2d");
  if (!g) throw new Error("this browser cannot draw the map (no 2D canvas)");
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const w = z[j]?.[i] as number;
      g.fillStyle = Number.isFinite(w) ? css(colourAt(stops, (w - lo) / (hi - lo))) : "rgba(0,0,0,0)";
      g.fillRect(i * CELL_PX, (ny - 1 - j) * CELL_PX, CELL_PX, CELL_PX);
    }
  return canvas.toDataURL("image/png");
}

/** A log axis drawn as a linear axis of log10 values (what the image needs), labelled in the values. */
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
export function plasticityMapFigure(model: Model, r: MapOutput): Figure {
  const w = model.readout.weight;
  const { ltdBelow: ltd, ltpAbove: ltp } = r.thresholds;
  const all = r.wEnd.flat().filter(Number.isFinite);
  const lo = Math.min(ltd - 0.02, ...all);
  const hi = Math.max(ltp + 0.02, ...all);
  const stops = weightStops(lo, hi, ltd, ltp);
  const tx = (v: number) => (r.x.log ? Math.log10(v) : v);
  const ty = (v: number) => (r.y.log ? Math.log10(v) : v);
  const xs = r.x.values.map(tx);
  const ys = r.y.values.map(ty);
  const dx = xs.length > 1 ? ((xs[xs.length - 1] as number) - (xs[0] as number)) / (xs.length - 1) : 1;
  const dy = ys.length > 1 ? ((ys[ys.length - 1] as number) - (ys[0] as number)) / (ys.length - 1) : 1;
  const px = model.parameters.find((q) => q.name === r.x.param);
  const py = model.parameters.find((q) => q.name === r.y.param);
  const title = (label: string | undefined, name: string, unit: string, log: boolean) =>
    `${label ?? name}, ${name}${unitSuffix(unit) ? ` (${unit})` : ""}${log ? ", log scale" : ""}`;

  const cx: number[] = [];
  const cy: number[] = [];
  const cells: [number, number, number][] = [];
  r.wEnd.forEach((row, j) => {
    row.forEach((w, i) => {
      cx.push(xs[i] as number);
      cy.push(ys[j] as number);
      cells.push([r.x.values[i] as number, r.y.values[j] as number, w]);
    });
  });
  const border = (level: number, name: string, dash: string): Data => {
    const seg = isoLines(xs, ys, r.wEnd, level);
    return {
      type: "scatter",
      mode: "lines",
      name,
      x: seg.x,
      y: seg.y,
      connectgaps: false,
      line: { color: "#1d2b36", width: 2.5, dash },
      hoverinfo: "skip",
    } as Data;
  };
  const data: Data[] = [
    {
      type: "scatter",
      mode: "markers",
      name: "cells",
      x: cx,
      y: cy,
      customdata: cells,
      marker: {
        size: 1,
        opacity: 0,
        color: cells.map((c) => c[2]),
        cmin: lo,
        cmax: hi,
        colorscale: stops.map(([t, c]): [number, string] => [t, css(c)]),
        showscale: true,
        colorbar: {
          title: { text: `${w} at end`, side: "right" },
          tickvals: [lo, ltd, ltp, hi].map((v) => Number(v.toFixed(2))),
          len: 0.9,
          thickness: 16,
        },
      },
      hovertemplate: `${r.x.param} %{customdata[0]:.3g}, ${r.y.param} %{customdata[1]:.3g}: w %{customdata[2]:.3f}<extra></extra>`,
      showlegend: false,
    } as Data,
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
    } as Data,
  ];
  const x0 = (xs[0] as number) - dx / 2;
  const x1 = (xs[xs.length - 1] as number) + dx / 2;
  const y0 = (ys[0] as number) - dy / 2;
  const y1 = (ys[ys.length - 1] as number) + dy / 2;
  const layout: Partial<Layout> = {
    ...baseLayout(540),
    showlegend: true,
    legend: { orientation: "h", x: 0, y: -0.16, xanchor: "left" },
    margin: { l: 80, r: 24, t: 44, b: 96 },
    xaxis: axis(title(px?.label, r.x.param, r.x.unit, r.x.log), {
      range: [x0, x1],
      showgrid: false,
      ...(r.x.log ? decadeTicks(r.x.values) : {}),
    }),
    yaxis: axis(title(py?.label, r.y.param, r.y.unit, r.y.log), {
      range: [y0, y1],
      showgrid: false,
      ...(r.y.log ? decadeTicks(r.y.values) : {}),
    }),
    images: [
      {
        source: gridImage(r.wEnd, stops, lo, hi),
        xref: "x",
        yref: "y",
        x: x0,
        y: y1,
        sizex: x1 - x0,
        sizey: y1 - y0,
        sizing: "stretch",
        layer: "below",
      },
    ],
    annotations: [
      titleAnnotation(
        `${w} at end over ${r.x.param} × ${r.y.param}: blue LTD (${w} < ${ltd}), grey none, red LTP (${w} > ${ltp}); ✕ this run`,
      ),
    ],
  };
  return { data, layout };
}
