// The basic partial bundle (scatter, bar, pie) carries every trace type the app draws, at a quarter of
// the full bundle's size; its API is the full bundle's, so the full bundle's types describe it.
import PlotlyBasic from "plotly.js-basic-dist-min";
import type PlotlyTypes from "plotly.js-dist-min";

export type { Annotation as Annotations, Config, Data, Layout, PlotlyHTMLElement, Shape } from "plotly.js-dist-min";

export const Plotly = PlotlyBasic as unknown as typeof PlotlyTypes;
