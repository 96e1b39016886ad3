// The full bundle: the explorer's scatter traces and the plasticity map's heatmap and contour traces
// share one Plotly on the page. The package ships its own types.
import PlotlyFull from "plotly.js-dist-min";

export type { Annotation as Annotations, Config, Data, Layout, PlotlyHTMLElement, Shape } from "plotly.js-dist-min";

export const Plotly = PlotlyFull;
