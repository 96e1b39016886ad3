import type PlotlyTypes from "plotly.js-dist-min";

export type AnalysisPlotly = typeof PlotlyTypes;

let loading: Promise<AnalysisPlotly> | undefined;

/**
 * The cartesian partial bundle: the analyses need heatmap and contour traces, which the app's basic
 * bundle (scatter, bar, pie) lacks. It is loaded on first use, so the explorer's first paint does not
 * wait for it; its API is the full bundle's, so the full bundle's types describe it.
 */
export function loadPlotly(): Promise<AnalysisPlotly> {
  loading ??= import("plotly.js-cartesian-dist-min").then((m) => m.default as unknown as AnalysisPlotly);
  return loading;
}
