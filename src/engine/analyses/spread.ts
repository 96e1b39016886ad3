import type { Model, Parameter, SpreadEntry } from "../model/model.ts";
import { formatValue } from "../run/run-spec.ts";
import type { Random } from "./random.ts";

export type { SpreadEntry };

/** The model file's spread (a fresh copy, safe to edit), or none if the file has no population. */
export function defaultSpread(model: Model): SpreadEntry[] {
  return (model.population?.spread ?? []).map((e) => ({ ...e }));
}

/** Every problem with an edited spread, one message each; empty when it can be used. */
export function checkSpread(model: Model, spread: readonly SpreadEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of spread) {
    const p = model.parameters.find((q) => q.name === e.param);
    if (!p) problems.push(`spread: unknown parameter "${e.param}"`);
    else if (p.fixed) problems.push(`spread: ${e.param} is fixed in this model and cannot vary`);
    else if (seen.has(e.param)) problems.push(`spread: ${e.param} is listed twice`);
    if (e.kind !== "lognormal" && e.kind !== "normal")
      problems.push(`spread: ${e.param}: kind must be lognormal or normal, not "${String(e.kind)}"`);
    if (!(Number.isFinite(e.sigma) && e.sigma >= 0))
      problems.push(`spread: ${e.param}: sigma must be a number ≥ 0, not ${e.sigma}`);
    seen.add(e.param);
  }
  return problems;
}

/**
 * A draw outside a parameter's range is drawn again (up to this many times), so every subject is a
 * setting the model accepts and the spread is the stated one truncated to the range. Clipping instead
 * would pile subjects up on the range edges. A spread so wide that this many tries all fall outside is
 * refused as an error rather than silently reshaped.
 */
export const MAX_REDRAWS = 1000;

export interface DrawnSubjects {
  /** One full parameter vector per subject, indexed as `model.parameters`. */
  values: Float64Array[];
  /** Per spread parameter, how many draws fell outside its range and were drawn again. */
  redrawn: Record<string, number>;
}

/**
 * Draws `n` subjects around `base`, consuming `random` subject by subject and parameter by parameter
 * in spread order; the same generator state, base and spread always give the same subjects.
 */
export function drawSubjects(
  model: Model,
  base: Float64Array,
  spread: readonly SpreadEntry[],
  n: number,
  random: Random,
): DrawnSubjects {
  const problems = checkSpread(model, spread);
  if (problems.length) throw new RangeError(problems.join("; "));
  const params = spread.map((e) => model.parameters.find((q) => q.name === e.param) as Parameter);
  const redrawn: Record<string, number> = Object.fromEntries(spread.map((e) => [e.param, 0]));
  const values: Float64Array[] = [];
  for (let s = 0; s < n; s++) {
    const v = Float64Array.from(base);
    spread.forEach((e, k) => {
      const p = params[k] as Parameter;
      const p0 = base[p.index] as number;
      const [lo, hi] = p.range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
      for (let tries = 0; ; tries++) {
        if (tries >= MAX_REDRAWS)
          throw new RangeError(
            `spread: ${e.param} around ${formatValue(p0)} with sigma ${e.sigma} falls outside its range too often`,
          );
        const z = random.normal();
        const x = e.kind === "lognormal" ? p0 * Math.exp(e.sigma * z) : p0 + e.sigma * z;
        if (x >= lo && x <= hi) {
          v[p.index] = x;
          break;
        }
        redrawn[e.param] = (redrawn[e.param] as number) + 1;
      }
    });
    values.push(v);
  }
  return { values, redrawn };
}
