import type { Data, Layout } from "./plotly.ts";

/** A Plotly figure as the app builds it: its traces and its layout (the plot settings go apart). */
export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}
