import type { Annotations, Data, Layout, Shape } from "../ui/plotly.ts";
import { COLORS, FONT } from "../ui/theme.ts";
import { charsAcross, wrapText, wrapToWidth } from "./wrap-text.ts";

/** Colours for signed bars: warm for "raises", cool for "lowers"; not the LTP/LTD colours, which mean outcomes. */
export const SIGN_COLORS = { up: "#b5482b", down: "#2a6f97" } as const;
export const TREATED_COLOR = "#e08a1e";

export function baseLayout(height: number): Partial<Layout> {
  return {
    font: { ...FONT },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 24, t: 40, b: 58 },
    height,
    showlegend: false,
  };
}

export function axis(title: string, extra: Partial<Layout["xaxis"]> = {}): Partial<Layout["xaxis"]> {
  return {
    title: { text: title },
    gridcolor: COLORS.grid,
    linecolor: COLORS.axis,
    ticks: "outside",
    zeroline: false,
    ...extra,
  };
}

/**
 * A horizontal key under the x axis's title and the bottom margin that holds it. The key is placed in
 * pixels below the plot (under the tick labels and the title's lines, at the figures' font size, which
 * the projector theme enlarges); placed as a fraction of the plot's height, it ran into the title.
 * The margin holds every row of the key (see keyRows): a key taller than its margin makes Plotly
 * shrink the plot, and the key would move up into the title. Exports draw their footer under it.
 */
export function keyUnderAxis(
  height: number,
  top: number,
  titleLines: number,
  keyLines: number,
): { legend: Partial<Layout["legend"]>; bottom: number } {
  const size = FONT.size;
  // Where Plotly puts the bottom of the x axis's title: 65 px under the plot at 14 px type, 81 px at
  // 18 px, and each further line of title about 1.45 type sizes lower.
  const titleBottom = 4 * size + 9 + Math.ceil(1.45 * size * (titleLines - 1));
  const offset = titleBottom + 8;
  const bottom = offset + Math.ceil(1.45 * size * keyLines) + 14;
  return {
    legend: { orientation: "h", x: 0, xanchor: "left", y: -offset / (height - top - bottom), yanchor: "top" },
    bottom,
  };
}

/**
 * Lines a horizontal key takes: its entries (the traces shown in it) side by side, each its symbol
 * and text (a text with line breaks as tall as its lines), wrapped where the figure's `chars`
 * (characters of 14 px type across it, see charsAcross) run out, less the left margin; larger type
 * fits fewer.
 */
export function keyRows(data: readonly Data[], chars: number): number {
  const names = data.flatMap((d) => {
    const { showlegend, name } = d as { showlegend?: boolean; name?: string };
    return showlegend === false || !name ? [] : [name];
  });
  const across = Math.max(10, (chars * 14) / FONT.size - 10);
  let lines = 0;
  let rowLines = 0;
  let used = 0;
  for (const name of names) {
    const parts = name.split("<br>");
    const width = Math.max(...parts.map((p) => p.replace(/<[^>]*>/g, "").length)) + 6;
    if (used > 0 && used + width > across) {
      lines += rowLines;
      rowLines = 0;
      used = 0;
    }
    used += width;
    rowLines = Math.max(rowLines, parts.length);
  }
  return Math.max(1, lines + rowLines);
}

/** The type size of figures' bold titles (titleAnnotation), which wrapTitle measures them at. */
const TITLE_SIZE = 14;

/**
 * A figure's title wrapped to fit, bold, between the plot's left edge (`left` px in, where
 * titleAnnotation starts it) and a few pixels short of the right edge of the figure, `figureWidth` px.
 */
export function wrapTitle(title: string, figureWidth: number, left: number): string {
  return wrapToWidth(title, figureWidth - left - 8, TITLE_SIZE, true);
}

/**
 * The frame of a figure `px` wide with a title, an x axis title and a key under it: the title wrapped
 * by wrapTitle (the plot `left` px in), the x axis title and key to charsAcross(px) (the axis title's larger type
 * fits fewer characters), the figure `height` grown by the axis title's extra lines, the top margin
 * by the title's lines under `pad`, and the key and bottom margin as keyUnderAxis and keyRows give them.
 */
export function titledFrame(
  height: number,
  title: string,
  xTitle: string,
  data: readonly Data[],
  px: number,
  left: number,
  pad = 22,
): {
  title: string;
  xTitle: string;
  height: number;
  margin: { l: number; r: number; t: number; b: number };
  legend: Partial<Layout["legend"]>;
} {
  const chars = charsAcross(px);
  const wrapped = wrapTitle(title, px, left);
  const xWrapped = wrapText(xTitle, Math.floor(chars * 0.8));
  const xLines = xWrapped.split("<br>").length;
  const grown = height + 20 * (xLines - 1);
  const top = pad + 18 * wrapped.split("<br>").length;
  const key = keyUnderAxis(grown, top, xLines, keyRows(data, chars));
  return {
    title: wrapped,
    xTitle: xWrapped,
    height: grown,
    margin: { l: left, r: 24, t: top, b: key.bottom },
    legend: key.legend,
  };
}

/** Title drawn inside the plot area's top edge, so exports (which add their own header) keep it. */
export function titleAnnotation(text: string): Partial<Annotations> {
  return {
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 1,
    xanchor: "left",
    yanchor: "bottom",
    yshift: 6,
    showarrow: false,
    align: "left",
    text: `<b>${text}</b>`,
    font: { size: TITLE_SIZE },
  };
}

/** LTD / no-change / LTP bands of w across the plot, on the given axes. */
export function weightBands(
  ltd: number,
  ltp: number,
  lo: number,
  hi: number,
  orientation: "horizontal" | "vertical",
  refs: { x: string; y: string } = { x: "x", y: "y" },
): Partial<Shape>[] {
  const band = (a: number, b: number, fillcolor: string): Partial<Shape> =>
    orientation === "horizontal"
      ? {
          type: "rect",
          xref: "paper",
          yref: refs.y as "y",
          x0: 0,
          x1: 1,
          y0: a,
          y1: b,
          fillcolor,
          line: { width: 0 },
          layer: "below",
        }
      : {
          type: "rect",
          xref: refs.x as "x",
          yref: "paper",
          x0: a,
          x1: b,
          y0: 0,
          y1: 1,
          fillcolor,
          line: { width: 0 },
          layer: "below",
        };
  return [band(lo, ltd, COLORS.ltdBand), band(ltd, ltp, COLORS.neutralBand), band(ltp, hi, COLORS.ltpBand)];
}
