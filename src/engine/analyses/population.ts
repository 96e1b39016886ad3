import type { Model } from "../model/model.ts";
import type { Outcome } from "../run/readouts.ts";
import { type ResolvedRun, type RunSpec, resolveRun } from "../run/run-spec.ts";
import type { SimulateOptions } from "../solve/simulate.ts";
import {
  countOutcomes,
  type Evaluation,
  type Failure,
  type FailureCount,
  fractions,
  isFailure,
  noteFailure,
  type OutcomeCounts,
  tryEvaluate,
} from "./evaluate.ts";
import type { Progress } from "./progress.ts";
import { createRandom } from "./random.ts";
import { solveRange } from "./solve-range.ts";
import { defaultSpread, drawSubjects, type SpreadEntry } from "./spread.ts";
import { type Histogram, histogram } from "./stats.ts";
import { applyTreatment, checkTreatment, defaultTreatment, type Treatment } from "./treatment.ts";

export const POPULATION_SIZE = { default: 1000, min: 1, max: 100_000 };

/** |Δw| at or below this counts as "unchanged" by the treatment: far above solver error, far below any effect worth naming. */
export const UNCHANGED_TOLERANCE = 1e-3;

export interface PopulationOptions {
  seed: number;
  /** Number of subjects (default 1000). */
  n?: number;
  /** Default: the model file's spread. */
  spread?: readonly SpreadEntry[];
  /** Given to the same subjects; default the model file's treatment; null for none. */
  treatment?: Treatment | null;
  /** Histogram bins (default 40). */
  bins?: number;
  simulate?: SimulateOptions;
  onProgress?: Progress;
}

export interface PopulationSubject {
  index: number;
  /** The subject's values of the spread parameters; everything else is the base run's. */
  params: Record<string, number>;
  wEnd: number;
  outcome: Outcome;
  treated?: { wEnd: number; outcome: Outcome };
}

export interface TreatmentEffect {
  counts: OutcomeCounts;
  fractions: OutcomeCounts;
  /** Subjects whose w_end the treatment raised / lowered by more than `tolerance`, or left within it. */
  raised: number;
  lowered: number;
  unchanged: number;
  tolerance: number;
  /** transitions[control outcome][treated outcome] = number of subjects. */
  transitions: Record<Outcome, OutcomeCounts>;
  /** Subjects in whom the treatment took a parameter past its slider range (applied unclipped). */
  outsideRange: number;
}

export interface PopulationResult {
  seed: number;
  n: number;
  base: ResolvedRun;
  spread: SpreadEntry[];
  treatment: Treatment | null;
  /** False when the progress callback stopped the run; then `subjects` holds only those subjects. */
  complete: boolean;
  subjects: PopulationSubject[];
  counts: OutcomeCounts;
  fractions: OutcomeCounts;
  treated?: TreatmentEffect;
  /** Shared bins for the control and treated w_end, so the two can be drawn on one axis. */
  histogram: { edges: number[]; control: number[]; treated?: number[] };
  /** The readout's outcome thresholds, to mark on the histogram. */
  thresholds: { ltdBelow: number; ltpAbove: number };
  /** Per spread parameter, how many draws fell outside its range and were drawn again. */
  redrawn: Record<string, number>;
  /** Subjects left out because a solve (control or treated) did not finish. */
  failed: FailureCount;
  methods: string[];
}

/** One subject's solves: what a shard of a population computes and a merge joins, in subject order. */
export interface SubjectRuns {
  index: number;
  control: Evaluation | Failure;
  treated?: Evaluation | Failure;
  /** Whether the treatment took a parameter past its slider range (applied unclipped). */
  outside?: boolean;
}

interface PopulationPlan {
  base: ResolvedRun;
  n: number;
  spread: SpreadEntry[];
  treatment: Treatment | null;
  drawn: ReturnType<typeof drawSubjects>;
  spreadParams: number[];
}

function populationPlan(model: Model, spec: RunSpec | ResolvedRun, options: PopulationOptions): PopulationPlan {
  const base = "values" in spec ? spec : resolveRun(model, spec);
  const n = options.n ?? POPULATION_SIZE.default;
  if (!Number.isInteger(n) || n < POPULATION_SIZE.min || n > POPULATION_SIZE.max)
    throw new RangeError(
      `number of subjects must be a whole number from ${POPULATION_SIZE.min} to ${POPULATION_SIZE.max}, not ${n}`,
    );
  const spread = (options.spread ?? defaultSpread(model)).map((e) => ({ ...e }));
  const treatment = options.treatment === undefined ? (defaultTreatment(model) ?? null) : options.treatment;
  if (treatment) {
    const problems = checkTreatment(model, treatment);
    if (problems.length) throw new RangeError(problems.join("; "));
  }
  // Every subject is drawn from one seeded stream, whichever part of the population is then solved.
  const drawn = drawSubjects(model, base.values, spread, n, createRandom(options.seed));
  const spreadParams = spread.map((e) => model.parameters.find((p) => p.name === e.param)?.index as number);
  return { base, n, spread, treatment, drawn, spreadParams };
}

/**
 * Solves subjects from ≤ index < to of the population (all of them drawn, as in runPopulation), with
 * progress counted over that range. `complete` is false when the progress callback stopped it; a
 * subject left half-done by the stop is dropped, so every subject returned has all its runs.
 */
export function runPopulationSubjects(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: PopulationOptions,
  from = 0,
  to?: number,
): { runs: SubjectRuns[]; complete: boolean } {
  const { base, n, treatment, drawn } = populationPlan(model, spec, options);
  const solved = solveRange(from, Math.min(n, to ?? n), treatment ? 2 : 1, options.onProgress, (index, next) => {
    const values = drawn.values[index] as Float64Array;
    const run: SubjectRuns = { index, control: tryEvaluate(model, base, values, options.simulate) };
    if (next() && treatment) {
      const t = applyTreatment(model, values, treatment);
      run.outside = t.outside > 0;
      run.treated = tryEvaluate(model, base, t.values, options.simulate);
      next();
    }
    return run;
  });
  return { runs: solved.items, complete: solved.complete };
}

/**
 * N virtual subjects: the base run with the spread parameters drawn per subject (see drawSubjects),
 * all given the same inputs. With a treatment, each subject is run again treated, so the comparison
 * is within subjects.
 */
export function runPopulation(model: Model, spec: RunSpec | ResolvedRun, options: PopulationOptions): PopulationResult {
  const { runs, complete } = runPopulationSubjects(model, spec, options);
  return assemblePopulation(model, spec, options, runs, complete);
}

/**
 * The population's result from its subjects' solves, in subject order: the same whether they were
 * solved in one run or in shards joined afterwards.
 */
export function assemblePopulation(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: PopulationOptions,
  runs: readonly SubjectRuns[],
  complete = true,
): PopulationResult {
  const { base, n, spread, treatment, drawn, spreadParams } = populationPlan(model, spec, options);
  const subjects: PopulationSubject[] = [];
  const methods = new Set<string>();
  let outsideRange = 0;
  const failed: FailureCount = { count: 0 };
  for (const { index, control, treated, outside } of runs) {
    const values = drawn.values[index] as Float64Array;
    if (outside) outsideRange++;
    if (isFailure(control)) noteFailure(failed, control);
    else if (treated && isFailure(treated)) noteFailure(failed, treated);
    else {
      methods.add(control.method);
      const subject: PopulationSubject = {
        index,
        params: Object.fromEntries(spread.map((e, k) => [e.param, values[spreadParams[k] as number] as number])),
        wEnd: control.wEnd,
        outcome: control.outcome,
      };
      if (treated) {
        methods.add(treated.method);
        subject.treated = { wEnd: treated.wEnd, outcome: treated.outcome };
      }
      subjects.push(subject);
    }
  }
  const counts = countOutcomes(subjects.map((s) => s.outcome));
  const all = subjects.flatMap((s) => (s.treated ? [s.wEnd, s.treated.wEnd] : [s.wEnd]));
  const edges = histogramRange(all, model);
  const bins = options.bins ?? 40;
  const control: Histogram = histogram(
    subjects.map((s) => s.wEnd),
    bins,
    edges[0],
    edges[1],
  );
  const result: PopulationResult = {
    seed: options.seed,
    n,
    base,
    spread,
    treatment,
    complete,
    subjects,
    counts,
    fractions: fractions(counts),
    histogram: { edges: control.edges, control: control.counts },
    // NaN where the model has no LTP/LTD thresholds.
    thresholds: { ltdBelow: model.readout.ltdBelow ?? Number.NaN, ltpAbove: model.readout.ltpAbove ?? Number.NaN },
    redrawn: drawn.redrawn,
    failed,
    methods: [...methods],
  };
  if (treatment) {
    const treatedW = subjects.map((s) => s.treated?.wEnd as number);
    result.histogram.treated = histogram(treatedW, bins, edges[0], edges[1]).counts;
    result.treated = treatmentEffect(subjects, outsideRange);
  }
  return result;
}

function treatmentEffect(subjects: PopulationSubject[], outsideRange: number): TreatmentEffect {
  const zero = (): OutcomeCounts => ({ LTD: 0, none: 0, LTP: 0 });
  const transitions: Record<Outcome, OutcomeCounts> = { LTD: zero(), none: zero(), LTP: zero() };
  let raised = 0;
  let lowered = 0;
  let unchanged = 0;
  for (const s of subjects) {
    const t = s.treated as { wEnd: number; outcome: Outcome };
    const d = t.wEnd - s.wEnd;
    if (d > UNCHANGED_TOLERANCE) raised++;
    else if (d < -UNCHANGED_TOLERANCE) lowered++;
    else unchanged++;
    transitions[s.outcome][t.outcome]++;
  }
  const counts = countOutcomes(subjects.map((s) => (s.treated as { outcome: Outcome }).outcome));
  return {
    counts,
    fractions: fractions(counts),
    raised,
    lowered,
    unchanged,
    tolerance: UNCHANGED_TOLERANCE,
    transitions,
    outsideRange,
  };
}

/** A histogram range that holds every value and both outcome thresholds, so they can be marked. */
function histogramRange(values: number[], model: Model): [number, number] {
  let lo = model.readout.ltdBelow ?? Number.POSITIVE_INFINITY;
  let hi = model.readout.ltpAbove ?? Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = 0.02 * (hi - lo);
  return [lo - pad, hi + pad];
}
