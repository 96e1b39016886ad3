import { refValue } from "./input-schedule.ts";
import type { Model } from "./model.ts";

export type Outcome = "LTP" | "LTD" | "none";

export const OUTCOME_TEXT: Readonly<Record<Outcome, string>> = {
  LTP: "LTP (potentiation)",
  LTD: "LTD (depression)",
  none: "no lasting change",
};

export interface Peak {
  value: number;
  /** Output time at which the sampled trajectory is highest. */
  time: number;
}

export interface Summary {
  wEnd: number;
  outcome: Outcome;
  peaks: Record<string, Peak>;
  /** Seconds the banded state spends in the LTD band and above the LTP threshold. */
  timeInLtd: number;
  timeInLtp: number;
  weightMin: number;
  weightMax: number;
}

export function classify(model: Model, wEnd: number): Outcome {
  if (wEnd > model.readout.ltpAbove) return "LTP";
  if (wEnd < model.readout.ltdBelow) return "LTD";
  return "none";
}

/** Time that a piecewise-linear trajectory spends with lo ≤ x < hi (hi null: no upper limit). */
export function timeWithin(t: ArrayLike<number>, x: ArrayLike<number>, lo: number, hi: number | null): number {
  const top = hi ?? Number.POSITIVE_INFINITY;
  let total = 0;
  for (let k = 0; k + 1 < t.length; k++) {
    const ta = t[k] as number;
    const tb = t[k + 1] as number;
    const xa = x[k] as number;
    const xb = x[k + 1] as number;
    if (xa === xb) {
      if (xa >= lo && xa < top) total += tb - ta;
      continue;
    }
    // Fraction of the interval where the linear segment lies inside [lo, top).
    const s1 = (lo - xa) / (xb - xa);
    const s2 = (top - xa) / (xb - xa);
    const a = Math.max(0, Math.min(s1, s2));
    const b = Math.min(1, Math.max(s1, s2));
    if (b > a) total += (b - a) * (tb - ta);
  }
  return total;
}

/** Readouts of one run from its sampled trajectory and the solver's per-step extremes. */
export function summarise(
  model: Model,
  values: Float64Array,
  t: Float64Array,
  states: Float64Array[],
  stepMax: Float64Array,
): Summary {
  const byName = (name: string) => model.states.find((s) => s.name === name)?.index ?? -1;
  const weight = states[byName(model.readout.weight)] as Float64Array;
  const wEnd = weight[weight.length - 1] as number;
  const peaks: Record<string, Peak> = {};
  for (const name of model.readout.peaks) {
    const i = byName(name);
    const x = states[i] as Float64Array;
    let k = 0;
    for (let j = 1; j < x.length; j++) if ((x[j] as number) > (x[k] as number)) k = j;
    peaks[name] = { value: Math.max(x[k] as number, stepMax[i] as number), time: t[k] as number };
  }
  const band = model.readout.bands;
  const x = states[byName(band.state)] as Float64Array;
  const ref = (r: (typeof band.ltd)[1]) => (r === null ? null : refValue(r, model, values));
  let weightMin = Number.POSITIVE_INFINITY;
  let weightMax = Number.NEGATIVE_INFINITY;
  for (const v of weight) {
    if (v < weightMin) weightMin = v;
    if (v > weightMax) weightMax = v;
  }
  return {
    wEnd,
    outcome: classify(model, wEnd),
    peaks,
    timeInLtd: timeWithin(t, x, ref(band.ltd[0]) as number, ref(band.ltd[1])),
    timeInLtp: timeWithin(t, x, ref(band.ltp[0]) as number, ref(band.ltp[1])),
    weightMin,
    weightMax,
  };
}

/** Readouts that lessons and claims may name. */
export const READOUTS = {
  outcome: "the outcome (LTP, LTD or none)",
  wEnd: "w at the end",
  peakC: "peak Ca²⁺ (µM)",
  peakRb: "peak β activity",
  timeInLtd: "time in the LTD band (s)",
  timeInLtp: "time in the LTP band (s)",
} as const;
export type ReadoutName = keyof typeof READOUTS;

/** The value of a readout in a run's summary, in the units the lesson uses. */
export function readoutValue(
  readout: ReadoutName,
  summary: {
    wEnd: number;
    outcome: string;
    peaks: Record<string, { value: number }>;
    timeInLtd: number;
    timeInLtp: number;
  },
): number | string {
  switch (readout) {
    case "outcome":
      return summary.outcome;
    case "wEnd":
      return summary.wEnd;
    case "peakC":
      return summary.peaks.C?.value ?? Number.NaN;
    case "peakRb":
      return summary.peaks.Rb?.value ?? Number.NaN;
    case "timeInLtd":
      return summary.timeInLtd;
    case "timeInLtp":
      return summary.timeInLtp;
  }
}
