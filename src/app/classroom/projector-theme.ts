import type { Model } from "../../engine/index.ts";
import { timeCourseLegend } from "../explorer/time-course-figure.ts";
import { COLORS, FONT } from "../ui/theme.ts";
import "./projector-theme.css";

/**
 * Okabe & Ito's colour-blind-safe palette (2008), on white: each state keeps a hue that stays distinct
 * under the common colour-vision deficiencies and in greyscale print, with black for the weight.
 */
const OKABE_ITO = {
  u: "#56B4E9",
  N: "#E69F00",
  Rb: "#0072B2",
  Ra: "#009E73",
  D: "#CC79A7",
  C: "#D55E00",
  w: "#000000",
  ltdBand: "rgba(0, 114, 178, 0.20)",
  ltpBand: "rgba(213, 94, 0, 0.20)",
  neutralBand: "rgba(0, 0, 0, 0.10)",
  grid: "#c8c8c8",
  axis: "#000000",
  ghost: ["#E69F00", "#0072B2", "#009E73", "#CC79A7", "#6b6b6b"],
  outcome: { LTP: "#D55E00", LTD: "#0072B2", none: "#000000" },
};
const PROJECTOR_FONT = { size: 18, color: "#000000" };

// The figures read COLORS and FONT each time they are built, so swapping the values in place restyles
// every figure at its next redraw without each figure knowing about themes.
type Mutable = Record<string, unknown>;
const STANDARD_COLORS = structuredClone(COLORS) as unknown as Mutable;
const STANDARD_FONT = { size: FONT.size, color: FONT.color };

export function isProjectorTheme(): boolean {
  return document.documentElement.dataset.theme === "projector";
}

/** Switches the page and the figures' palette; the caller redraws the figures. */
export function setProjectorTheme(on: boolean, model: Model): void {
  if (on) document.documentElement.dataset.theme = "projector";
  else delete document.documentElement.dataset.theme;
  Object.assign(COLORS as unknown as Mutable, structuredClone(on ? OKABE_ITO : STANDARD_COLORS));
  Object.assign(FONT as unknown as Mutable, on ? PROJECTOR_FONT : STANDARD_FONT);
  // The HTML legend of the time courses is drawn once; its keys follow the palette here.
  const keys = document.querySelectorAll<HTMLElement>("#time-legend .key:not(.key-ghost)");
  timeCourseLegend(model).forEach((e, i) => {
    keys[i]?.style.setProperty("--key", e.color);
  });
}
