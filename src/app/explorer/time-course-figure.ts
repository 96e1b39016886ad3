import { type DisplayPanel, type Model, OUTCOME_TEXT, refValue, type SimulationResult } from "../../engine/index.ts";
import type { Annotations, Data, Layout, Shape } from "../ui/plotly.ts";
import { COLORS, FONT, translucent } from "../ui/theme.ts";
import { plotText, showNumber, unitSuffix } from "../ui/units.ts";
import { type Range, toZeroRange } from "./axis-hold.ts";
import { minMaxDecimate } from "./decimate.ts";
import { seriesColor, seriesInfo, seriesLabel, seriesOf } from "./series.ts";

/** A pinned run as the figures draw it. */
export interface Ghost {
  label: string;
  color: string;
  /** Plotly line dash, one per pin slot. */
  dash: string;
  result: SimulationResult;
}

/** A time-course panel as the model's display block describes it. */
export type Panel = DisplayPanel;

const GAP = 0.045;

export interface LegendEntry {
  label: string;
  color: string;
  input: boolean;
}

/** The figure's key, for a legend drawn outside Plotly (Plotly's own legends cost a third of a redraw). */
export function timeCourseLegend(model: Model): LegendEntry[] {
  return model.display.panels.flatMap((panel) =>
    panel.series.map((name) => ({
      label: seriesLabel(model, name),
      color: seriesColor(model, name),
      input: model.inputs.some((i) => i.name === name),
    })),
  );
}

function domains(n: number): [number, number][] {
  const h = (1 - GAP * (n - 1)) / n;
  return Array.from({ length: n }, (_, k) => {
    const top = 1 - k * (h + GAP);
    return [top - h, top] as [number, number];
  });
}

function maxOf(...arrays: (ArrayLike<number> | undefined)[]): number {
  let m = 0;
  for (const a of arrays) if (a) for (let k = 0; k < a.length; k++) m = Math.max(m, a[k] as number);
  return m;
}

function minOf(...arrays: (ArrayLike<number> | undefined)[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const a of arrays) if (a) for (let k = 0; k < a.length; k++) m = Math.min(m, a[k] as number);
  return m;
}

/** The LTD and LTP calcium thresholds of a run, from the model's readout bands. */
export function calciumBands(r: SimulationResult): { ltd: [number, number | null]; ltp: [number, number | null] } {
  const b = r.model.readout.bands;
  if (!b) return { ltd: [Number.NaN, null], ltp: [Number.NaN, null] };
  const v = (ref: (typeof b.ltd)[1]) => (ref === null ? null : refValue(ref, r.model, r.values));
  return { ltd: [v(b.ltd[0]) as number, v(b.ltd[1])], ltp: [v(b.ltp[0]) as number, v(b.ltp[1])] };
}

/** Below this width (px) the outcome goes inside the weight panel and the side margin shrinks to nothing. */
const NARROW = 640;

/** The type size the margins below were laid out for; a larger theme type (the projector's) widens them. */
const BASE_FONT = 14;

/**
 * Margins for a figure `width` px wide: the right one holds the outcome (and legends) only when there is
 * room. The left holds tick labels and the axis titles, the right the outcome: both grow with the type.
 */
function marginsFor(width: number | undefined, legends: boolean): { l: number; r: number; t: number; b: number } {
  const k = Math.max(1, FONT.size / BASE_FONT);
  const scaled = (m: { l: number; r: number; t: number; b: number }) => ({
    l: Math.round(m.l * k),
    r: Math.round(m.r * k),
    t: m.t,
    b: Math.round(m.b * k),
  });
  if (legends) return scaled({ l: 74, r: 300, t: 18, b: 56 });
  if (width === undefined) return scaled({ l: 74, r: 200, t: 18, b: 56 });
  if (width < NARROW) return scaled({ l: 52, r: 12, t: 14, b: 44 });
  return scaled({ l: 74, r: Math.round(Math.min(210, Math.max(180, width * 0.2))), t: 18, b: 56 });
}

export interface TimeCourseOptions {
  /** Plotly legends beside each panel (an exported image has no HTML key around it). */
  legends: boolean;
  /** The width the figure is drawn at, px: sets the margins; absent, the export's fixed margins. */
  width?: number;
  /** The height the figure is drawn at, px; absent, a fixed height per panel. */
  height?: number;
  /** The plot's width in pixel columns: traces are decimated to it. Absent, every sample is drawn. */
  columns?: number;
  /**
   * The range each y axis is drawn with, given the range its data and bands need (a drag holds the
   * axes still: axis-hold.ts). Absent, the needed range.
   */
  range?: (axis: string, needed: Range) => Range;
  /**
   * The outcome beside (or, narrow, inside) the weight panel: an annotation of the figure (exports), or
   * returned as `outcome` for the page to lay over the figure, so that a redraw that only moves the
   * traces need not redraw Plotly's annotations.
   */
  outcome?: "annotation" | "label";
}

/** The outcome's label: where it sits in Plotly's paper coordinates, and what it says. */
export interface OutcomeLabel {
  x: number;
  y: number;
  xanchor: "left" | "right";
  yanchor: "top" | "bottom";
  /** On a white box, over the traces (narrow figures), or plain in the margin. */
  boxed: boolean;
  headline: string;
  detail: string;
  color: string;
  fontSize: number;
}

export interface TimeCourseFigure {
  data: Data[];
  layout: Partial<Layout>;
  /** The outcome's label, when the options asked for it apart from the figure. */
  outcome?: OutcomeLabel;
}

function outcomeAnnotation(o: OutcomeLabel): Partial<Annotations> {
  return {
    xref: "paper",
    yref: "paper",
    x: o.x,
    xanchor: o.xanchor,
    y: o.y,
    yanchor: o.yanchor,
    align: o.xanchor,
    bgcolor: o.boxed ? "rgba(255,255,255,0.8)" : undefined,
    text: `<b>${plotText(o.headline)}</b><br>${plotText(o.detail)}`,
    showarrow: false,
    font: { size: o.fontSize, color: o.color },
  };
}

/**
 * The time-course figure: stacked panels on one shared time axis, with the calcium bands, the
 * weight's no-change band and the outcome beside it; pinned runs as thin dashed ghosts.
 */
export function timeCourseFigure(
  r: SimulationResult,
  ghosts: readonly Ghost[],
  options: TimeCourseOptions = { legends: false },
): TimeCourseFigure {
  const model = r.model;
  const panels = model.display.panels;
  const rangeOf = options.range ?? ((_axis: string, needed: Range) => needed);
  let outcome: OutcomeLabel | undefined;
  // On screen a trace needs no more than two points per pixel column; an export keeps every sample.
  const trace = (run: SimulationResult, y: ArrayLike<number>) =>
    options.columns === undefined ? { x: run.t, y } : minMaxDecimate(run.t, y, options.columns);
  const tEnd = r.t[r.t.length - 1] as number;
  const doms = domains(panels.length);
  const data: Data[] = [];
  const shapes: Partial<Shape>[] = [];
  const annotations: Partial<Annotations>[] = [];
  const margin = marginsFor(options.width, options.legends);
  const narrow = margin.r < 100;
  // In-plot labels follow the theme's type size (the projector's is larger).
  const small = Math.round(FONT.size * (narrow ? 0.78 : 0.86));
  const layout: Partial<Layout> = {
    font: { ...FONT, ...(narrow ? { size: Math.round(FONT.size * 0.86) } : {}) },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin,
    // 680 px for four panels, as many pixels per panel for more or fewer, unless the page gives a height.
    height: options.height ?? 120 + 140 * panels.length,
    ...(options.width === undefined ? {} : { width: options.width }),
    hovermode: "x unified",
    showlegend: options.legends,
    xaxis: {
      title: { text: `time (${model.timeUnit})` },
      range: [0, tEnd],
      gridcolor: COLORS.grid,
      zeroline: false,
      anchor: `y${panels.length}` as "y",
      linecolor: COLORS.axis,
      ticks: "outside",
    },
    shapes,
    annotations,
  };
  const L = layout as Record<string, unknown>;
  const plotHeight = (layout.height as number) - margin.t - margin.b;
  const typeSize = (layout.font?.size as number) ?? FONT.size;
  // A panel's title runs along its height: one longer than the panel would run into its neighbours'.
  const axisTitleSize = (text: string, px: number) =>
    Math.max(9, Math.min(typeSize, Math.floor((1.2 * px) / (0.55 * Math.max(1, text.length)))));

  panels.forEach((panel, k) => {
    const axis = k === 0 ? "y" : `y${k + 1}`;
    const legend = k === 0 ? "legend" : `legend${k + 1}`;
    const dom = doms[k] as [number, number];
    const ghostArrays = ghosts.flatMap((g) => panel.series.map((n) => seriesOf(g.result, n)));
    const own = panel.series.map((n) => seriesOf(r, n));
    const all = [...own, ...ghostArrays];
    const bandState = model.readout.bands?.state;
    const bands = bandState !== undefined && panel.series.includes(bandState) ? calciumBands(r) : undefined;
    const { weight, ltdBelow: lo, ltpAbove: hi } = model.readout;
    const weightBand = weight !== undefined && lo !== undefined && hi !== undefined && panel.series.includes(weight);
    // The range each panel needs, asked of `rangeOf` once: the weight's takes in its no-change band,
    // the calcium's its LTP threshold, any other runs from zero as Plotly's autorange would.
    const needed: Range =
      weightBand && lo !== undefined && hi !== undefined
        ? [Math.min(lo, minOf(...all)) - 0.08, Math.max(hi, maxOf(...all)) + 0.08]
        : bands
          ? [0, Math.max(maxOf(...all), (bands.ltp[0] ?? 0) * 1.25) * 1.08]
          : toZeroRange(minOf(...all), maxOf(...all));
    const range = rangeOf(axis, needed);
    const yaxis: Record<string, unknown> = {
      domain: dom,
      anchor: "x",
      title: {
        text: panel.axis,
        standoff: 6,
        font: { size: axisTitleSize(panel.axis, (dom[1] - dom[0]) * plotHeight) },
      },
      gridcolor: COLORS.grid,
      zeroline: false,
      linecolor: COLORS.axis,
      ticks: "outside",
      // Every axis gets its range here, not from Plotly's autorange, so a held range (a drag) applies to all.
      range: [...range],
    };
    L[`yaxis${k === 0 ? "" : k + 1}`] = yaxis;
    L[legend] = {
      x: 1.015,
      xanchor: "left",
      y: dom[1],
      yanchor: "top",
      bgcolor: "rgba(255,255,255,0)",
      font: { size: 13 },
      tracegroupgap: 2,
    };

    for (const name of panel.series) {
      const y = seriesOf(r, name);
      if (!y) continue;
      const isInput = model.inputs.some((i) => i.name === name);
      data.push({
        type: "scatter",
        mode: "lines",
        name: seriesLabel(model, name),
        ...trace(r, y),
        yaxis: axis as "y",
        legend,
        line: { color: seriesColor(model, name), width: isInput ? 2 : 3, shape: isInput ? "hv" : "linear" },
        ...(isInput ? { fill: "tozeroy", fillcolor: translucent(seriesColor(model, name), 0.22) } : {}),
        hovertemplate: `%{y:.3g}`,
      } as Data);
    }
    for (const g of ghosts) {
      panel.series.forEach((name, j) => {
        if (model.inputs.some((i) => i.name === name)) return;
        const y = seriesOf(g.result, name);
        if (!y) return;
        data.push({
          type: "scatter",
          mode: "lines",
          name: g.label,
          legendgroup: `pin:${g.label}`,
          showlegend: k === panels.length - 1 && j === 0,
          ...trace(g.result, y),
          yaxis: axis as "y",
          legend,
          opacity: 0.75,
          line: { color: g.color, width: 2, dash: g.dash },
          hovertemplate: `%{y:.3g}`,
        } as Data);
      });
    }

    if (bands && bandState !== undefined) {
      const top = range[1];
      const band = (lo: number, hi: number | null, color: string, text: string) => {
        const y1 = hi ?? top * 10;
        shapes.push({
          type: "rect",
          xref: "x",
          yref: axis as "y",
          x0: 0,
          x1: tEnd,
          y0: lo,
          y1,
          fillcolor: color,
          line: { width: 0 },
          layer: "below",
        });
        annotations.push({
          xref: "x",
          yref: axis as "y",
          x: tEnd,
          y: Math.min(y1, top),
          xanchor: "right",
          yanchor: "top",
          text,
          showarrow: false,
          font: { size: small, color: COLORS.axis },
        });
      };
      const unit = unitSuffix(seriesInfo(model, bandState)?.unit ?? "");
      band(
        bands.ltd[0],
        bands.ltd[1],
        COLORS.ltdBand,
        `LTD window (${showNumber(bands.ltd[0])}–${showNumber(bands.ltd[1] ?? top)}${unit})`,
      );
      band(bands.ltp[0], bands.ltp[1], COLORS.ltpBand, `LTP (≥ ${showNumber(bands.ltp[0])}${unit})`);
    }

    if (weightBand && lo !== undefined && hi !== undefined) {
      shapes.push({
        type: "rect",
        xref: "x",
        yref: axis as "y",
        x0: 0,
        x1: tEnd,
        y0: lo,
        y1: hi,
        fillcolor: COLORS.neutralBand,
        line: { width: 0 },
        layer: "below",
      });
      annotations.push({
        xref: "x",
        yref: axis as "y",
        x: 0,
        y: hi,
        xanchor: "left",
        yanchor: "bottom",
        text: `±${showNumber((hi - 1) * 100)} %: no lasting change`,
        showarrow: false,
        font: { size: small, color: COLORS.axis },
      });
      const s = r.summary;
      // Narrow, the outcome sits inside the weight panel, in the right corner the weight's end leaves
      // free: the bottom after potentiation (the weight ends high), the top otherwise.
      const inside =
        s.outcome === "LTP" ? { y: dom[0], yanchor: "bottom" as const } : { y: dom[1], yanchor: "top" as const };
      outcome = {
        x: narrow ? 1 : 1.015,
        xanchor: narrow ? "right" : "left",
        y: narrow ? inside.y : dom[0],
        yanchor: narrow ? inside.yanchor : "bottom",
        boxed: narrow,
        headline: OUTCOME_TEXT[s.outcome],
        detail: `${model.readout.weight}(${showNumber(tEnd)}${unitSuffix(model.timeUnit)}) = ${showNumber(s.wEnd)}`,
        color: COLORS.outcome[s.outcome],
        fontSize: narrow ? small : Math.round(FONT.size * 1.15),
      };
      if (options.outcome !== "label") annotations.push(outcomeAnnotation(outcome));
    }
  });
  return options.outcome === "label" && outcome ? { data, layout, outcome } : { data, layout };
}
