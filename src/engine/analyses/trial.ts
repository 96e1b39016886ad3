import type { Model } from "../model/model.ts";
import type { Outcome } from "../run/readouts.ts";
import { type ResolvedRun, type RunSpec, resolveRun } from "../run/run-spec.ts";
import type { SimulateOptions } from "../solve/simulate.ts";
import {
  countOutcomes,
  type FailureCount,
  isFailure,
  noteFailure,
  type OutcomeCounts,
  tryEvaluate,
} from "./evaluate.ts";
import type { Progress } from "./progress.ts";
import { createRandom } from "./random.ts";
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

/**
 * A parallel-group trial: 2n different subjects drawn from the population with `seed`, the first n
 * given arm A and the next n arm B. Each seed is a new trial from the same population; "run again"
 * is nextSeed(seed).
 */
export function runTrial(model: Model, spec: RunSpec | ResolvedRun, options: TrialOptions): TrialResult {
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
  const drawn = drawSubjects(model, base.values, spread, 2 * n, createRandom(options.seed));

  const methods = new Set<string>();
  const w: [number[], number[]] = [[], []];
  const outcomes: [Outcome[], Outcome[]] = [[], []];
  const failed: [FailureCount, FailureCount] = [{ count: 0 }, { count: 0 }];
  let complete = true;
  run: for (let a = 0; a < 2; a++) {
    for (let s = 0; s < n; s++) {
      const values = applyTreatment(model, drawn.values[a * n + s] as Float64Array, arms[a] as Treatment).values;
      const e = tryEvaluate(model, base, values, options.simulate);
      if (isFailure(e)) noteFailure(failed[a] as FailureCount, e);
      else {
        methods.add(e.method);
        w[a]?.push(e.wEnd);
        outcomes[a]?.push(e.outcome);
      }
      if (options.onProgress?.(a * n + s + 1, 2 * n) === false) {
        complete = false;
        break run;
      }
    }
  }
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
