import { OUTCOME_TEXT, type SimulationResult } from "../../engine/index.ts";
import type { Figure } from "../ui/figure.ts";
import { type Annotations, type Layout, Plotly } from "../ui/plotly.ts";
import { plotText, showNumber, unitSuffix } from "../ui/units.ts";
import { downloadUrl } from "./downloads.ts";

export type ImageFormat = "png" | "svg";

export interface ExportedImage {
  figure: string;
  format: ImageFormat;
  scale: number;
  width: number;
  height: number;
  filename: string;
  layout: Partial<Layout>;
}

const LINE = 16;
const FOOTER_SIZE = 11;
const FOOTER_FAMILY = "'DejaVu Sans Mono', ui-monospace, monospace";
/** Footer text starts this far from the image's left edge and must end this far from its right edge. */
const FOOTER_INSET = 12;
/** Space between the figure's own margin (axis titles) and the footer's first line. */
const FOOTER_GAP = 14;

/**
 * What an exported image carries beside the figure: a title line, whole lines, items joined by " · "
 * (wrapped to the image's width), and the share link (broken to the width).
 */
export interface ImageFooter {
  head: string;
  lines: string[];
  items: string[];
  link: string;
}

/**
 * Width of `text` in the footer font (px). A canvas measures it with the fonts this browser will draw
 * it in; the result is never below a monospace font's advance of 0.6 em per character, so an SVG
 * opened where another monospace font stands in still fits.
 */
export function footerTextWidth(text: string): number {
  const estimate = [...text].length * 0.6 * FOOTER_SIZE;
  const ctx = measuringContext();
  if (!ctx) return estimate;
  return Math.max(estimate, ctx.measureText(text).width);
}

let context: CanvasRenderingContext2D | null | undefined;
function measuringContext(): CanvasRenderingContext2D | null {
  if (context === undefined) {
    context = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
    if (context) context.font = `${FOOTER_SIZE}px ${FOOTER_FAMILY}`;
  }
  return context;
}

/** Items joined by " · ", a new line whenever the next item would pass `maxWidth`. */
export function wrapItems(items: string[], maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    const joined = line ? `${line} · ${item}` : item;
    if (line && measure(joined) > maxWidth) {
      lines.push(line);
      line = item;
    } else line = joined;
  }
  if (line) lines.push(line);
  return lines.flatMap((l) => breakText(l, maxWidth, measure));
}

/** Text broken into the longest pieces that fit `maxWidth` (for a link, which has no spaces to break at). */
export function breakText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const chars = [...text];
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    while (end < chars.length && measure(chars.slice(start, end + 1).join("")) <= maxWidth) end++;
    out.push(chars.slice(start, end).join(""));
    start = end;
  }
  return out;
}

/** The footer's lines for an image `width` px wide: every line fits inside it. */
export function footerLines(footer: ImageFooter, width: number, measure = footerTextWidth): string[] {
  const room = width - 2 * FOOTER_INSET;
  return [
    ...footer.lines.flatMap((l) => wrapItems([l], room, measure)),
    ...wrapItems(footer.items, room, measure),
    ...breakText(`share link: ${footer.link}`, room, measure),
  ];
}

/**
 * What every exported image of a run carries: label, model, run, every parameter value and the share
 * link. Parameters in `fixed` (hidden by a class link) are listed too, marked "(fixed)".
 */
export function provenanceLines(
  r: SimulationResult,
  link: string,
  fixed: ReadonlySet<string> = new Set(),
): ImageFooter {
  const m = r.model;
  return {
    head: `${m.label} · model ${m.id} ${m.version}`,
    lines: [
      `preset ${r.presetId ?? "none"} · protocol ${r.protocol} · activity ${r.activity} · w end ${showNumber(r.summary.wEnd)}: ${OUTCOME_TEXT[r.summary.outcome]}`,
    ],
    items: m.parameters.map(
      (p) =>
        `${p.name} = ${showNumber(r.values[p.index] as number, 6)}${unitSuffix(p.unit)}${fixed.has(p.name) ? " (fixed)" : ""}`,
    ),
    link,
  };
}

/**
 * A copy of a figure with the provenance drawn into it (title line on top, the footer below, wrapped to
 * the image's width), rendered by Plotly off-screen so the figure on the page is untouched.
 */
export function exportLayout(
  layout: Partial<Layout>,
  footer: ImageFooter,
  width: number,
  measure = footerTextWidth,
): Partial<Layout> {
  const margin = { l: 60, r: 20, t: 30, b: 50, ...layout.margin };
  const lines = footerLines(footer, width, measure);
  const footerHeight = FOOTER_GAP + lines.length * LINE + 12;
  const top = 34;
  const annotations: Partial<Annotations>[] = [
    ...(layout.annotations ?? []),
    {
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 1,
      xanchor: "left",
      yanchor: "bottom",
      yshift: (margin.t ?? 0) + 4,
      showarrow: false,
      align: "left",
      text: `<b>${plotText(footer.head)}</b>`,
      font: { size: 13, color: "#7a2e0e" },
    },
    {
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 0,
      xanchor: "left",
      yanchor: "top",
      yshift: -((margin.b ?? 0) + FOOTER_GAP),
      xshift: -(margin.l ?? 0) + FOOTER_INSET,
      showarrow: false,
      align: "left",
      text: lines.map(plotText).join("<br>"),
      font: { size: FOOTER_SIZE, color: "#33404a", family: FOOTER_FAMILY },
    },
  ];
  return {
    ...layout,
    width,
    height: (layout.height ?? 450) + footerHeight + top,
    margin: { ...margin, t: (margin.t ?? 0) + top, b: (margin.b ?? 0) + footerHeight },
    annotations,
  };
}

/** Renders and downloads one figure as PNG (at 1×, 2× or 3×) or SVG. */
export async function exportImage(
  name: string,
  figure: Figure,
  footer: ImageFooter,
  format: ImageFormat,
  scale: number,
  width: number,
): Promise<ExportedImage> {
  const layout = exportLayout(figure.layout, footer, width);
  const height = layout.height as number;
  // toImage accepts a whole figure, which its typings (element or id only) do not describe.
  const url = await Plotly.toImage({ data: figure.data, layout, config: { staticPlot: true } } as never, {
    format,
    width,
    height,
    scale: format === "png" ? scale : 1,
  });
  const filename = `plasticity-lab-${name}${format === "png" ? `@${scale}x` : ""}.${format}`;
  downloadUrl(url, filename);
  return { figure: name, format, scale, width, height, filename, layout };
}
