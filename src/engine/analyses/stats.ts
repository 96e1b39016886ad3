/**
 * Small statistics for the population and trial analyses. The t distribution comes from stdlib (pure
 * JavaScript, no Node or DOM API); what is left here is arithmetic on top of it.
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Sample standard deviation (n − 1 in the denominator); NaN for fewer than two values. */
export function sampleSd(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += ((x[i] as number) - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as in Welch's test). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  return tCdf(t, df);
}

/** The t with P(T ≤ t) = p. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be between 0 and 1, not ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  return tQuantile(p, df);
}

export interface MeanCI {
  n: number;
  mean: number;
  sd: number;
  /** Half-width of the confidence interval: mean ± halfWidth. */
  halfWidth: number;
  lo: number;
  hi: number;
  df: number;
}

/** Mean with its two-sided confidence interval from the t distribution (n − 1 degrees of freedom). */
export function meanCI(x: ArrayLike<number>, level = 0.95): MeanCI {
  const n = x.length;
  const m = mean(x);
  const sd = sampleSd(x);
  const df = n - 1;
  const half = n < 2 ? Number.NaN : studentTQuantile(0.5 + level / 2, df) * (sd / Math.sqrt(n));
  return { n, mean: m, sd, halfWidth: half, lo: m - half, hi: m + half, df };
}

/**
 * Difference of means b − a with Welch's confidence interval: it does not assume equal variances,
 * which the arms of a drug trial need not have; df from the Welch–Satterthwaite equation.
 */
export function differenceCI(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): MeanCI {
  const va = sampleSd(a) ** 2 / a.length;
  const vb = sampleSd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const df =
    se === 0 ? a.length + b.length - 2 : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const d = mean(b) - mean(a);
  const half = studentTQuantile(0.5 + level / 2, df) * se;
  return { n: a.length + b.length, mean: d, sd: se, halfWidth: half, lo: d - half, hi: d + half, df };
}

export interface Histogram {
  /** bins + 1 edges; bin k holds edges[k] ≤ x < edges[k + 1], the last bin includes its top edge. */
  edges: number[];
  counts: number[];
}

/** Counts of `x` in `bins` equal bins from `from` to `to`; values outside are left out. */
export function histogram(x: ArrayLike<number>, bins: number, from: number, to: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number ≥ 1, not ${bins}`);
  if (!(to > from)) throw new RangeError(`histogram range must have to > from (${from}, ${to})`);
  const width = (to - from) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => from + k * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!(v >= from && v <= to)) continue;
    const k = Math.min(bins - 1, Math.floor((v - from) / width));
    counts[k] = (counts[k] as number) + 1;
  }
  return { edges, counts };
}
