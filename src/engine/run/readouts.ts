import type { Model } from "../model/model.ts";
import { refValue } from "./input-schedule.ts";

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
  /** The weight readout's final value; NaN when the model declares no weight. */
  wEnd: number;
  /** From wEnd and the model's LTP/LTD thresholds; "none" when it has none. */
  outcome: Outcome;
  /** Peaks of the states the model highlights (`readout.peaks`). */
  peaks: Record<string, Peak>;
  /** Time the banded state spends in the LTD band and above the LTP threshold; NaN without bands. */
  timeInLtd: number;
  timeInLtp: number;
  weightMin: number;
  weightMax: number;
  /** Every number of the run by readout id (see `listReadouts`). */
  readouts: Record<string, number>;
}

/** A number a run reports, by the id that lessons, claims, sweeps and exports use. */
export interface ReadoutInfo {
  id: string;
  label: string;
  unit: string;
}

/** The id of the non-numeric readout: LTP, LTD or none. */
export const OUTCOME_READOUT = "outcome";

/**
 * Every numeric readout of a model: its derived readouts by name, `end:<state>` and `peak:<state>`
 * for every state, and `timeInLtd` / `timeInLtp` where the model declares calcium bands.
 */
export function listReadouts(model: Model): ReadoutInfo[] {
  const out: ReadoutInfo[] = model.derivedReadouts.map((r) => ({ id: r.name, label: r.label, unit: r.unit }));
  for (const s of model.states) out.push({ id: `end:${s.name}`, label: `${s.label} at the end`, unit: s.unit });
  for (const s of model.states) out.push({ id: `peak:${s.name}`, label: `peak ${s.label}`, unit: s.unit });
  const band = model.readout.bands;
  if (band) {
    const of = model.states.find((s) => s.name === band.state)?.label ?? band.state;
    out.push({ id: "timeInLtd", label: `time ${of} spends in the LTD band`, unit: model.timeUnit });
    out.push({ id: "timeInLtp", label: `time ${of} spends above the LTP threshold`, unit: model.timeUnit });
  }
  return out;
}

export function classify(model: Model, wEnd: number): Outcome {
  const { ltpAbove, ltdBelow } = model.readout;
  if (ltpAbove !== undefined && wEnd > ltpAbove) return "LTP";
  if (ltdBelow !== undefined && wEnd < ltdBelow) return "LTD";
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
    // Wholly below or wholly above the band: the fraction below would be empty (most of a run).
    if ((xa < lo && xb < lo) || (xa >= top && xb >= top)) continue;
    // Fraction of the interval where the linear segment lies inside [lo, top).
    const s1 = (lo - xa) / (xb - xa);
    const s2 = (top - xa) / (xb - xa);
    const a = Math.max(0, Math.min(s1, s2));
    const b = Math.min(1, Math.max(s1, s2));
    if (b > a) total += (b - a) * (tb - ta);
  }
  return total;
}

const keyCache = new WeakMap<Model, { end: string[]; peak: string[] }>();

// Built once per model: a key made afresh for every run is a new string to hash at every assignment.
function readoutKeys(model: Model): { end: string[]; peak: string[] } {
  let keys = keyCache.get(model);
  if (!keys) {
    keys = { end: model.states.map((s) => `end:${s.name}`), peak: model.states.map((s) => `peak:${s.name}`) };
    keyCache.set(model, keys);
  }
  return keys;
}

/**
 * Readouts of one run from its sampled trajectory, the solver's per-step maxima and the derived
 * readouts already evaluated at the final state. `peakAt`, where the recorder kept it, is each
 * state's first index of its largest sample (else the samples are searched).
 */
export function summarise(
  model: Model,
  values: Float64Array,
  t: Float64Array,
  states: Float64Array[],
  stepMax: Float64Array,
  derived: Record<string, number> = {},
  peakAt?: Int32Array,
): Summary {
  const byName = (name: string) => model.states.find((s) => s.name === name)?.index ?? -1;
  const keys = readoutKeys(model);
  const readouts: Record<string, number> = { ...derived };
  const allPeaks: Record<string, Peak> = {};
  for (const s of model.states) {
    const x = states[s.index] as Float64Array;
    let k = 0;
    const known = peakAt?.[s.index] ?? -1;
    if (known >= 0) k = known;
    else {
      let top = x[0] as number;
      for (let j = 1; j < x.length; j++) {
        const v = x[j] as number;
        if (v > top) {
          top = v;
          k = j;
        }
      }
    }
    allPeaks[s.name] = { value: Math.max(x[k] as number, stepMax[s.index] as number), time: t[k] as number };
    readouts[keys.end[s.index] as string] = x[x.length - 1] as number;
  }
  for (const s of model.states) readouts[keys.peak[s.index] as string] = (allPeaks[s.name] as Peak).value;
  const peaks: Record<string, Peak> = {};
  for (const name of model.readout.peaks) peaks[name] = allPeaks[name] as Peak;

  const weightName = model.readout.weight;
  let wEnd = Number.NaN;
  let weightMin = Number.NaN;
  let weightMax = Number.NaN;
  if (weightName !== undefined && byName(weightName) >= 0) {
    const weight = states[byName(weightName)] as Float64Array;
    wEnd = weight[weight.length - 1] as number;
    weightMin = Number.POSITIVE_INFINITY;
    weightMax = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < weight.length; j++) {
      const v = weight[j] as number;
      if (v < weightMin) weightMin = v;
      if (v > weightMax) weightMax = v;
    }
  } else if (weightName !== undefined) {
    // A derived weight has one value per run.
    wEnd = readouts[weightName] ?? Number.NaN;
    weightMin = wEnd;
    weightMax = wEnd;
  }
  let timeInLtd = Number.NaN;
  let timeInLtp = Number.NaN;
  const band = model.readout.bands;
  if (band) {
    const x = states[byName(band.state)] as Float64Array;
    const ref = (r: (typeof band.ltd)[1]) => (r === null ? null : refValue(r, model, values));
    timeInLtd = timeWithin(t, x, ref(band.ltd[0]) as number, ref(band.ltd[1]));
    timeInLtp = timeWithin(t, x, ref(band.ltp[0]) as number, ref(band.ltp[1]));
    readouts.timeInLtd = timeInLtd;
    readouts.timeInLtp = timeInLtp;
  }
  return { wEnd, outcome: classify(model, wEnd), peaks, timeInLtd, timeInLtp, weightMin, weightMax, readouts };
}

/** The value of a readout in a run's summary: the outcome's word, or a number (NaN if the run lacks it). */
export function readoutValue(
  readout: string,
  summary: { outcome: string; readouts: Record<string, number> },
): number | string {
  if (readout === OUTCOME_READOUT) return summary.outcome;
  return summary.readouts[readout] ?? Number.NaN;
}
