import type { Model } from "../model/model.ts";
import type { Outcome } from "../run/readouts.ts";
import { type ResolvedRun, type RunSpec, resolveRun } from "../run/run-spec.ts";
import type { SimulateOptions } from "../solve/simulate.ts";
import {
  countOutcomes,
  type Evaluation,
  type Failure,
  type FailureCount,
  isFailure,
  noteFailure,
  type OutcomeCounts,
  tryEvaluate,
} from "./evaluate.ts";
import type { Progress } from "./progress.ts";
import { createRandom } from "./random.ts";
import { solveRange } from "./solve-range.ts";
import { defaultSpread, drawSubjects, type SpreadEntry } from "./spread.ts";
import { differenceCI, type MeanCI, meanCI } from "./stats.ts";
import { applyTreatment, checkTreatment, defaultTreatment, NO_TREATMENT, type Treatment } from "./treatment.ts";

/** Subjects per arm: small enough for trials to disagree visibly, large enough for a t interval. */
export const TRIAL_ARM_SIZE = { default: 20, min: 10, max: 200 };

export interface TrialOptions {
  seed: number;
  /** Subjects per arm. */
  n?: number;
  /** The two arms; default control against the model file's treatment. */
  arms?: [Treatment, Treatment];
  spread?: readonly SpreadEntry[];
  /** Confidence level of every interval (default 0.95). */
  level?: number;
  simulate?: SimulateOptions;
  onProgress?: Progress;
}

export interface TrialArm {
  treatment: Treatment;
  /** One per subject whose solve finished. */
  wEnd: number[];
  counts: OutcomeCounts;
  /** Subjects left out because their solve did not finish. */
  failed: FailureCount;
  /** Mean w_end with its t interval (n − 1 degrees of freedom). */
  ci: MeanCI;
}

export interface TrialResult {
  seed: number;
  n: number;
  level: number;
  base: ResolvedRun;
  spread: SpreadEntry[];
  complete: boolean;
  arms: [TrialArm, TrialArm];
  /** Mean of the second arm minus the first, Welch interval; absent if the trial was cancelled. */
  difference?: MeanCI;
  methods: string[];
}

interface TrialPlan {
  base: ResolvedRun;
  n: number;
  level: number;
  arms: [Treatment, Treatment];
  spread: SpreadEntry[];
  drawn: ReturnType<typeof drawSubjects>;
}

function trialPlan(model: Model, spec: RunSpec | ResolvedRun, options: TrialOptions): TrialPlan {
  const base = "values" in spec ? spec : resolveRun(model, spec);
  const n = options.n ?? TRIAL_ARM_SIZE.default;
  if (!Number.isInteger(n) || n < TRIAL_ARM_SIZE.min || n > TRIAL_ARM_SIZE.max)
    throw new RangeError(
      `subjects per arm must be a whole number from ${TRIAL_ARM_SIZE.min} to ${TRIAL_ARM_SIZE.max}, not ${n}`,
    );
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be between 0 and 1, not ${level}`);
  let arms = options.arms;
  if (!arms) {
    const t = defaultTreatment(model);
    if (!t) throw new RangeError("the model file names no treatment; give the two arms");
    arms = [NO_TREATMENT, t];
  }
  const problems = arms.flatMap((a) => checkTreatment(model, a));
  if (problems.length) throw new RangeError(problems.join("; "));
  const spread = (options.spread ?? defaultSpread(model)).map((e) => ({ ...e }));
  // Every subject of both arms is drawn from one seeded stream, whichever of them is then solved.
  const drawn = drawSubjects(model, base.values, spread, 2 * n, createRandom(options.seed));
  return { base, n, level, arms, spread, drawn };
}

/** The number of subjects of the trial `options` asks for, both arms (after checking the options). */
export function trialSubjectCount(model: Model, spec: RunSpec | ResolvedRun, options: TrialOptions): number {
  return 2 * trialPlan(model, spec, options).n;
}

/**
 * Solves subjects from ≤ k < to of the trial, numbered over both arms (the first n are arm A, the next
 * n arm B; all 2n drawn, as in runTrial), with progress counted over that range; `complete` is false
 * when the progress callback stopped it.
 */
export function runTrialSubjects(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: TrialOptions,
  from = 0,
  to?: number,
): { runs: (Evaluation | Failure)[]; complete: boolean } {
  const { base, n, arms, drawn } = trialPlan(model, spec, options);
  const solved = solveRange(from, Math.min(2 * n, to ?? 2 * n), 1, options.onProgress, (k, next) => {
    const arm = arms[k < n ? 0 : 1];
    const values = applyTreatment(model, drawn.values[k] as Float64Array, arm).values;
    const run = tryEvaluate(model, base, values, options.simulate);
    next();
    return run;
  });
  return { runs: solved.items, complete: solved.complete };
}

/**
 * A parallel-group trial: 2n different subjects drawn from the population with `seed`, the first n
 * given arm A and the next n arm B. Each seed is a new trial from the same population; "run again"
 * is nextSeed(seed).
 */
export function runTrial(model: Model, spec: RunSpec | ResolvedRun, options: TrialOptions): TrialResult {
  const { runs, complete } = runTrialSubjects(model, spec, options);
  return assembleTrial(model, spec, options, runs, complete);
}

/**
 * The trial from its first subjects' solves, in subject order (subjects not given are left out): the
 * same whether they were solved in one run or in parts joined afterwards.
 */
export function assembleTrial(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: TrialOptions,
  runs: readonly (Evaluation | Failure)[],
  complete = true,
): TrialResult {
  const { base, n, level, arms, spread } = trialPlan(model, spec, options);
  const methods = new Set<string>();
  const w: [number[], number[]] = [[], []];
  const outcomes: [Outcome[], Outcome[]] = [[], []];
  const failed: [FailureCount, FailureCount] = [{ count: 0 }, { count: 0 }];
  runs.forEach((e, k) => {
    const a = k < n ? 0 : 1;
    if (isFailure(e)) noteFailure(failed[a], e);
    else {
      methods.add(e.method);
      w[a].push(e.wEnd);
      outcomes[a].push(e.outcome);
    }
  });
  const arm = (a: 0 | 1): TrialArm => ({
    treatment: arms[a],
    wEnd: w[a],
    counts: countOutcomes(outcomes[a]),
    failed: failed[a],
    ci: meanCI(w[a], level),
  });
  const result: TrialResult = {
    seed: options.seed,
    n,
    level,
    base,
    spread,
    complete,
    arms: [arm(0), arm(1)],
    methods: [...methods],
  };
  if (complete && w[0].length >= 2 && w[1].length >= 2) result.difference = differenceCI(w[0], w[1], level);
  return result;
}
