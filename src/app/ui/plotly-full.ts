import type { PlotlyApi } from "./plotly.ts";

let loading: Promise<PlotlyApi> | undefined;

/**
 * The full Plotly bundle (heatmap and contour traces among all others), loaded once, on first use: the
 * analyses draw every figure with it, so each of their figures is owned by one Plotly. The explorer
 * keeps the basic bundle it starts with, so the first view does not wait for 3.6 MB it does not use.
 */
export function fullPlotly(): Promise<PlotlyApi> {
  loading ??= import("plotly.js-dist-min").then((m) => m.default);
  return loading;
}
