import type { Parameter } from "../../engine/index.ts";

/** Positions of a continuous slider: arrow keys move 1/200 of the range (or of the decades, on a log scale). */
const POSITIONS = 200;

export interface SliderScale {
  min: number;
  max: number;
  step: number;
  toPosition(value: number): number;
  toValue(position: number): number;
}

/** Three significant figures keep slider-made values readable in the URL and the exports. */
function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(3));
}

/**
 * Maps a parameter's range to slider positions. A log parameter is spaced evenly in log10; a stepped
 * parameter uses its own step; a slider never yields a value outside the range.
 */
export function sliderScale(p: Parameter): SliderScale {
  const [lo, hi] = p.range ?? [p.default, p.default];
  if (p.step !== undefined) {
    return { min: lo, max: hi, step: p.step, toPosition: (v) => v, toValue: (x) => x };
  }
  const clampValue = (v: number, x: number) => (x <= 0 ? lo : x >= POSITIONS ? hi : Math.min(hi, Math.max(lo, v)));
  if (p.scale === "log" && lo > 0) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return {
      min: 0,
      max: POSITIONS,
      step: 1,
      toPosition: (v) => (v > 0 ? ((Math.log10(v) - a) / (b - a)) * POSITIONS : 0),
      toValue: (x) => clampValue(tidy(10 ** (a + ((b - a) * x) / POSITIONS)), x),
    };
  }
  return {
    min: 0,
    max: POSITIONS,
    step: 1,
    toPosition: (v) => ((v - lo) / (hi - lo || 1)) * POSITIONS,
    toValue: (x) => clampValue(tidy(lo + ((hi - lo) * x) / POSITIONS), x),
  };
}
