import type { Config } from "./plotly.ts";

/**
 * The one Plotly config every figure on the page is drawn with.
 *
 * Plotly's toolbar offers actions that talk to the outside: "Share chart…" (sendChartToCloud) posts the
 * figure, without its label, to Plotly's cloud; the logo links there too. None
 * of them may appear. The toolbar is an explicit list rather than Plotly's defaults minus a few, so a
 * button a new Plotly version adds never shows up unreviewed. What is left is what a reader needs and
 * the app does not already give: zooming is a drag on the plot, and "Reset axes" undoes it (one tab stop
 * per figure). Images and data are exported by the app's own buttons, which carry the label and link.
 */
export const PLOT_CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  showSendToCloud: false,
  plotlyServerURL: "",
  showTips: false,
  modeBarButtons: [["resetScale2d"]],
};
