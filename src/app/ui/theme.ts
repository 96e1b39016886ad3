/** Colours and type sizes shared by the figures, chosen to stay readable on a projector. */
export const COLORS = {
  u: "#f2a65a",
  N: "#c2571a",
  Rb: "#1f6fb2",
  Ra: "#2e8b57",
  D: "#8a6bb8",
  C: "#c0245c",
  w: "#1d2b36",
  ltdBand: "rgba(63, 131, 219, 0.16)",
  ltpBand: "rgba(224, 96, 45, 0.16)",
  neutralBand: "rgba(120, 120, 120, 0.14)",
  grid: "#e3e7eb",
  axis: "#44525e",
  ghost: ["#7d8a96", "#a0784b", "#6f8f6f", "#8f6f9c", "#5f8fa8"],
  outcome: { LTP: "#c0392b", LTD: "#1f6fb2", none: "#44525e" },
} as const;

export const FONT = {
  family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  size: 14,
  color: "#1d2b36",
} as const;

/** Most ghosts a figure keeps; more would hide the current run. */
export const MAX_PINS = 5;
