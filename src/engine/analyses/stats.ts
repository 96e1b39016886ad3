/** Small statistics for the population and trial analyses; no dependency, tested against tables. */

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

// Lanczos approximation (g = 7, 9 terms), relative error below 1e-13 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

// Continued fraction for the incomplete beta function (modified Lentz), as in Numerical Recipes §6.4.
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast only on one side of the mean; use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as in Welch's test). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, by bisection on the CDF (monotone, so it cannot fail to converge). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be between 0 and 1, not ${p}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
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
