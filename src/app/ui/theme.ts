/** "#f2a65a" at opacity 0.22 as an rgba() colour, for fills under a series. */
export function translucent(hex: string, alpha: number): string {
  const h = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, "#$1$1$2$2$3$3") : hex;
  const [r, g, b] = [1, 3, 5].map((k) => Number.parseInt(h.slice(k, k + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Colours and type sizes shared by the figures, chosen to stay readable on a projector. */
export const COLORS = {
  /** Ink for a series that has no colour of its own (series take theirs from the model's display block). */
  ink: "#1d2b36",
  ltdBand: "rgba(63, 131, 219, 0.16)",
  ltpBand: "rgba(224, 96, 45, 0.16)",
  neutralBand: "rgba(120, 120, 120, 0.14)",
  grid: "#e3e7eb",
  axis: "#44525e",
  // Okabe & Ito's colour-blind-safe hues, one per pin slot; each slot also has its own dash (GHOST_DASHES).
  ghost: ["#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9"],
  outcome: { LTP: "#c0392b", LTD: "#1f6fb2", none: "#44525e" },
} as const;

export const FONT = {
  family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  size: 14,
  color: "#1d2b36",
} as const;

/** Plotly dash of each pin slot, so pins differ in more than hue (and in greyscale print). */
export const GHOST_DASHES = ["dot", "dash", "dashdot", "longdash", "longdashdot"] as const;

/** The same dashes as CSS border styles for the pins' keys (CSS has no dash-dot). */
export const GHOST_BORDERS = ["dotted", "dashed", "dashed", "dashed", "dashed"] as const;

/** Most ghosts a figure keeps; more would hide the current run. */
export const MAX_PINS = 5;
