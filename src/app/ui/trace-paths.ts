import type { Data } from "./plotly.ts";

/** The parts of a drawn Plotly graph read here: its axes' pixel mapping and its traces' settings. */
interface DrawnAxis {
  type: string;
  _length: number;
  /** In the axis's own coordinate: the data's for a linear axis, its log10 for a log axis. */
  range: [number, number];
  l2p(v: number): number;
}
interface DrawnTrace {
  index: number;
  visible?: boolean | string;
  mode?: string;
  fill?: string;
  xaxis: string;
  yaxis: string;
  line?: { shape?: string };
}
interface DrawnGraph {
  _fullData?: DrawnTrace[];
  _fullLayout?: { _plots?: Record<string, { xaxis: DrawnAxis; yaxis: DrawnAxis } | undefined> };
}
type TraceGroup = Element & { __data__?: { trace?: DrawnTrace }[] };
type XY = { x?: ArrayLike<number>; y?: ArrayLike<number> };

/**
 * Plotly writes path coordinates to hundredths of a pixel; so does this. A coordinate is written as an
 * integer and two digits from a table: formatting a fraction as a number costs several times more,
 * and a line has thousands of them.
 */
const HUNDREDTHS = Array.from({ length: 100 }, (_, k) =>
  k === 0 ? "" : `.${String(k).padStart(2, "0")}`.replace(/0$/, ""),
);
function coordinate(v: number): string {
  const c = Math.round(v * 100);
  const sign = c < 0 ? "-" : "";
  const a = Math.abs(c);
  return `${sign}${(a - (a % 100)) / 100}${HUNDREDTHS[a % 100]}`;
}

/**
 * Whether point k lies on the straight line between its neighbours along a level or an upright stretch,
 * so that leaving it out changes nothing drawn.
 */
function onStretch(px: number[], py: number[], k: number): boolean {
  const level = (a: number[]) => a[k - 1] === a[k] && a[k] === a[k + 1];
  const between = (a: number[]) =>
    ((a[k - 1] as number) - (a[k] as number)) * ((a[k] as number) - (a[k + 1] as number)) >= 0;
  return (level(py) && between(px)) || (level(px) && between(py));
}

/** The line's path through points already in pixels, in the step shape Plotly names `shape`. */
function linePath(px: number[], py: number[], shape: string): string {
  const n = px.length;
  const sx = px.map(coordinate);
  const sy = py.map(coordinate);
  const parts = [`M${sx[0]},${sy[0]}`];
  for (let k = 1; k < n; k++) {
    const last = k === n - 1;
    if (px[k] === px[k - 1] && py[k] === py[k - 1]) continue;
    // Points in the middle of a level or an upright stretch add nothing to the line.
    if (!last && onStretch(px, py, k)) continue;
    if (shape === "hv") parts.push(`H${sx[k]}V${sy[k]}`);
    else if (shape === "vh") parts.push(`V${sy[k]}H${sx[k]}`);
    else parts.push(`L${sx[k]},${sy[k]}`);
  }
  return parts.join("");
}

/** An axis's data-to-pixel map as a straight line in its own (linear or log) coordinate. */
function pixelMap(axis: DrawnAxis): (v: number) => number {
  // Plotly's own map, called per point, costs twenty times more. Its ends fix the line: Plotly rounds
  // each pixel to hundredths, so two points a unit apart would give a slope too coarse.
  const [a, b] = axis.range;
  const pa = axis.l2p(a);
  const slope = (axis.l2p(b) - pa) / (b - a);
  return axis.type === "log" ? (v) => pa + slope * (Math.log10(v) - a) : (v) => pa + slope * (v - a);
}

/** Within one axis length beyond either end of an axis `length` pixels long. */
const near = (p: number, length: number) => p >= -length && p <= 2 * length;

interface Plan {
  line: Element;
  fill: Element | undefined;
  xa: DrawnAxis;
  ya: DrawnAxis;
  shape: string;
  toZero: boolean;
}

/** How one drawn trace can be redrawn here, or undefined when it has anything this does not draw. */
function planFor(graph: DrawnGraph, group: TraceGroup, trace: DrawnTrace): Plan | undefined {
  if (trace.visible !== true || trace.mode !== "lines") return undefined;
  const shape = trace.line?.shape ?? "linear";
  if (shape !== "linear" && shape !== "hv" && shape !== "vh") return undefined;
  const fill = trace.fill ?? "none";
  if (fill !== "none" && fill !== "tozeroy") return undefined;
  const plot = graph._fullLayout?._plots?.[trace.xaxis + trace.yaxis];
  if (!plot) return undefined;
  const { xaxis: xa, yaxis: ya } = plot;
  const numeric = (a: DrawnAxis) => a.type === "linear" || a.type === "log";
  if (!numeric(xa) || !numeric(ya) || (fill === "tozeroy" && ya.type !== "linear")) return undefined;
  const lines = group.querySelectorAll("path.js-line");
  const fills = group.querySelectorAll("path.js-fill");
  // A line Plotly split into pieces (a gap, a point off the axes) is beyond a plain rewrite.
  if (lines.length !== 1 || fills.length > (fill === "none" ? 0 : 1)) return undefined;
  return { line: lines[0] as Element, fill: fills[0], xa, ya, shape, toZero: fill === "tozeroy" };
}

/**
 * Redraws the lines of an already drawn Plotly graph through new x and y values, writing each trace's
 * SVG path straight from the graph's own axes, in Plotly's path syntax: about a millisecond where
 * Plotly's own trace update takes over ten. It is for a graph whose layout and trace settings are
 * exactly as drawn and whose data stays inside its axes (a drag with held axes). Plotly itself is not
 * told: its data stays the last it drew, so its next react sees new arrays and redraws the traces
 * whole, and Plotly's own path (which leaves out points on a straight stretch) replaces this one.
 *
 * Returns false, having changed nothing, when any trace is other than lines (markers, text, a fill
 * other than down to zero, a date or category axis, a trace split into pieces) or any value is not a
 * finite number near the axes' range; the caller then draws with Plotly.
 */
export function writeTracePaths(element: HTMLElement, data: readonly Data[]): boolean {
  const graph = element as HTMLElement & DrawnGraph;
  const full = graph._fullData;
  if (!full || full.length !== data.length) return false;
  const groups = new Map<number, TraceGroup>();
  for (const g of element.querySelectorAll<TraceGroup>(".scatterlayer g.trace")) {
    const trace = g.__data__?.[0]?.trace;
    if (trace) groups.set(trace.index, g);
  }
  const writes: [Element, string][] = [];
  for (let i = 0; i < data.length; i++) {
    const trace = full[i] as DrawnTrace;
    const group = groups.get(i);
    const plan = group && planFor(graph, group, trace);
    const { x, y } = data[i] as XY;
    if (!plan || !x || !y || x.length !== y.length || x.length === 0) return false;
    const { xa, ya } = plan;
    const toX = pixelMap(xa);
    const toY = pixelMap(ya);
    const px: number[] = new Array(x.length);
    const py: number[] = new Array(x.length);
    for (let k = 0; k < x.length; k++) {
      const u = toX(x[k] as number);
      const v = toY(y[k] as number);
      // A little past the axes is hidden by the plot's clip path, as Plotly's own line is; far off them
      // (or not a number), Plotly would cut or break the line.
      if (!(near(u, xa._length) && near(v, ya._length))) return false;
      px[k] = Math.round(u * 100) / 100;
      py[k] = Math.round(v * 100) / 100;
    }
    const line = linePath(px, py, plan.shape);
    writes.push([plan.line, line]);
    if (plan.fill) {
      const zero = coordinate(Math.min(Math.max(toY(0), 0), ya._length));
      const ends = [px[px.length - 1] as number, px[0] as number].map(coordinate);
      const fill = plan.toZero ? `M${ends[0]},${zero}L${ends[1]},${zero}L${line.slice(1)}` : "";
      writes.push([plan.fill, fill]);
    }
  }
  for (const [el, d] of writes) el.setAttribute("d", d);
  return true;
}
