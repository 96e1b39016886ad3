import type { Rhs } from "../compile/compile-model.ts";
import type { JacobianFn } from "../compile/jacobian-numeric.ts";
import type { InputSchedule } from "../run/input-schedule.ts";
import type { Discrete } from "./events.ts";

/** What a solver is given: the compiled rates, the inputs, the start and the output times. */
export interface SolveProblem {
  rhs: Rhs;
  /** The rates with their full Jacobian; needed by the Rosenbrock method only. */
  jacobian?: JacobianFn;
  /** The model's parameters, then one 0/1 slot per switch (rates read switches as parameters). */
  params: Float64Array;
  schedule: InputSchedule;
  y0: Float64Array;
  /** Output times, increasing, within [0, tEnd]. */
  times: Float64Array;
  stateNames: string[];
  /** Bound on accepted + rejected steps over the whole run. */
  maxSteps: number;
  /**
   * The states' declared bounds (±Infinity where none). Rates are evaluated at the nearest state within
   * them, and the exponential integrator keeps its steps within them, so that a rounding error below 0
   * never reaches a fractional power of a concentration.
   */
  lower: Float64Array;
  upper: Float64Array;
  /**
   * The model's jumps and switches, absent when it has none. A solver calls `enterSegment` (events.ts)
   * at the start of every segment, and after each accepted step asks `discrete.switches` whether a
   * switch crossed, restarting at the located crossing (see solve-odex.ts).
   */
  discrete?: Discrete;
}

/** Copies `y` into `out` clipped to the bounds; returns `out`. */
export function clip(
  y: ArrayLike<number>,
  lower: Float64Array,
  upper: Float64Array,
  out: Float64Array | number[],
): Float64Array | number[] {
  for (let i = 0; i < y.length; i++) {
    out[i] = Math.min(upper[i] as number, Math.max(lower[i] as number, y[i] as number));
  }
  return out;
}

export interface SolveStats {
  steps: number;
  rejected: number;
  evaluations: number;
  /** Jacobian evaluations (Rosenbrock method only; each also gives the rates, counted in evaluations). */
  jacobians?: number;
  /** Jumps fired (events); absent or 0 for a model without events. */
  events?: number;
  /** Switch crossings located and restarted at. */
  crossings?: number;
}

/** A solve that did not finish: the message says why, where and with which state. */
export class SolveError extends Error {
  readonly t: number;
  readonly state: string | undefined;
  readonly kind: "non-finite" | "step-limit" | "stalled";
  constructor(kind: "non-finite" | "step-limit" | "stalled", message: string, t: number, state?: string) {
    super(message);
    this.name = "SolveError";
    this.kind = kind;
    this.t = t;
    this.state = state;
  }
}

/**
 * Collects a solver's output: values on the output grid, and each state's maximum over every
 * accepted step (so a peak between grid points is not missed). It refuses non-finite states.
 */
export class Recorder {
  readonly samples: Float64Array[];
  readonly max: Float64Array;
  /**
   * Per state, the first index of its largest sample so far (−1 before any) and that sample, kept as
   * samples are written so that the readouts need no second pass over every column.
   */
  readonly peakAt: Int32Array;
  readonly peak: Float64Array;
  next = 0;
  constructor(readonly problem: SolveProblem) {
    const n = problem.y0.length;
    this.samples = Array.from({ length: n }, () => new Float64Array(problem.times.length));
    this.max = Float64Array.from(problem.y0);
    this.peakAt = new Int32Array(n).fill(-1);
    this.peak = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  }

  /** The next output time not yet written, or Infinity. */
  get nextTime(): number {
    return this.next < this.problem.times.length ? (this.problem.times[this.next] as number) : Number.POSITIVE_INFINITY;
  }

  /** Records the state after an accepted step (or at a grid time). Throws on NaN or ±Infinity. */
  accept(t: number, y: ArrayLike<number>): void {
    const { max } = this;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      if (!Number.isFinite(v)) {
        const name = this.problem.stateNames[i];
        throw new SolveError("non-finite", `state ${name} became ${String(v)} at t = ${t.toPrecision(6)}`, t, name);
      }
      if (v > (max[i] as number)) max[i] = v;
    }
  }

  write(y: ArrayLike<number>): void {
    const { peak, peakAt, next } = this;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      (this.samples[i] as Float64Array)[next] = v;
      if (v > (peak[i] as number)) {
        peak[i] = v;
        peakAt[i] = next;
      }
    }
    this.next++;
  }
}

/** Output times 0, every, 2·every, …, with tEnd always the last (computed by index, never accumulated). */
export function outputTimes(tEnd: number, every: number): Float64Array {
  const n = Math.floor(tEnd / every + 1e-9);
  const last = n * every;
  const extra = tEnd - last > 1e-9 * Math.max(1, tEnd) ? 1 : 0;
  const times = new Float64Array(n + 1 + extra);
  for (let k = 0; k <= n; k++) times[k] = k * every;
  if (extra) times[n + 1] = tEnd;
  else times[n] = tEnd;
  return times;
}
