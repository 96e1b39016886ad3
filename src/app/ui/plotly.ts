// The app's one Plotly: plotly.js's core (which holds the scatter trace) with the bar, heatmap and
// contour traces the analyses draw. The prebuilt bundles cost far more to start: in headless Chromium
// here the basic one (scatter, bar, pie, world calendars) evaluates in ~0.6 s and the full one in
// ~2.6 s, a frozen page when the analyses first drew; this one takes ~0.3 s, once, for every figure.

import bar from "plotly.js/lib/bar";
import contour from "plotly.js/lib/contour";
import Plotly from "plotly.js/lib/core";
import heatmap from "plotly.js/lib/heatmap";

Plotly.register([bar, heatmap, contour]);

export type { Annotation as Annotations, Config, Data, Layout, PlotlyHTMLElement, Shape } from "plotly.js";

export { Plotly };
