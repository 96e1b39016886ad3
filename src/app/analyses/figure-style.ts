import type { Annotations, Layout, Shape } from "../ui/plotly.ts";
import { COLORS, FONT } from "../ui/theme.ts";

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
    font: { size: 14 },
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
