// The explorer draws only scatter traces, so the page starts on the basic partial bundle (scatter, bar,
// pie), a quarter of the full bundle's size; the analyses load the full bundle when they first draw
// (plotly-full.ts). The basic bundle's API is the full bundle's, so the full package's own types
// describe both.
import PlotlyBasic from "plotly.js-basic-dist-min";
import type PlotlyTypes from "plotly.js-dist-min";

export type { Annotation as Annotations, Config, Data, Layout, PlotlyHTMLElement, Shape } from "plotly.js-dist-min";

export type PlotlyApi = typeof PlotlyTypes;

export const Plotly = PlotlyBasic as unknown as PlotlyApi;
