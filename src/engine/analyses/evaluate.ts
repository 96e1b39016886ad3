import type { Model } from "../model/model.ts";
import type { Outcome } from "../run/readouts.ts";
import type { ResolvedRun } from "../run/run-spec.ts";
import { type SimulateOptions, simulate } from "../solve/simulate.ts";
import { SolveError } from "../solve/solve-problem.ts";

/**
 * The analyses' output grid unless told otherwise: the start and the end of the run only. Their readouts
 * (w at the end, peaks from the solver's own steps) do not depend on the grid (no solver's steps do),
 * and every grid point costs an interpolation and a stored sample: ~7 % of a run at 10 s, a quarter at 1 s.
 */
function analysisEvery(model: Model, values: Float64Array): number {
  const end = model.parameters.find((p) => p.name === model.endParam);
  const tEnd = end ? (values[end.index] as number) : Number.NaN;
  return tEnd > 0 && Number.isFinite(tEnd) ? tEnd : 1;
}

export interface Evaluation {
  wEnd: number;
  outcome: Outcome;
  peaks: Record<string, number>;
  method: string;
}

/** One run of `run` with its parameter vector replaced by `values`: the readouts the analyses use. */
export function evaluate(
  model: Model,
  run: ResolvedRun,
  values: Float64Array,
  options: SimulateOptions = {},
): Evaluation {
  const r = simulate(model, { ...run, values }, { every: analysisEvery(model, values), ...options });
  const peaks: Record<string, number> = {};
  for (const [name, pk] of Object.entries(r.summary.peaks)) peaks[name] = pk.value;
  return { wEnd: r.summary.wEnd, outcome: r.summary.outcome, peaks, method: r.method.id };
}

/** A run whose solve did not finish: it has no readouts, only the reason. */
export interface Failure {
  failed: string;
}

/**
 * As evaluate, but a solve that does not finish becomes a Failure instead of ending the analysis: one
 * unsolvable subject or grid cell is reported and left out, never given made-up readouts.
 */
export function tryEvaluate(
  model: Model,
  run: ResolvedRun,
  values: Float64Array,
  options: SimulateOptions = {},
): Evaluation | Failure {
  try {
    return evaluate(model, run, values, options);
  } catch (err) {
    if (err instanceof SolveError) return { failed: err.message };
    throw err;
  }
}

export function isFailure(e: Evaluation | Failure): e is Failure {
  return "failed" in e;
}

/** How many runs failed, and the first reason, for a report line. */
export interface FailureCount {
  count: number;
  first?: string;
}

export function noteFailure(f: FailureCount, e: Failure): void {
  f.count++;
  f.first ??= e.failed;
}

export interface OutcomeCounts {
  LTD: number;
  none: number;
  LTP: number;
}

export function countOutcomes(outcomes: Iterable<Outcome>): OutcomeCounts {
  const c: OutcomeCounts = { LTD: 0, none: 0, LTP: 0 };
  for (const o of outcomes) c[o]++;
  return c;
}

export function fractions(c: OutcomeCounts): OutcomeCounts {
  const n = c.LTD + c.none + c.LTP;
  return n === 0 ? { LTD: 0, none: 0, LTP: 0 } : { LTD: c.LTD / n, none: c.none / n, LTP: c.LTP / n };
}
