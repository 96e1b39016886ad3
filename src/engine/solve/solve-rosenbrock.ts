import type { JacobianFn } from "../compile/jacobian-numeric.ts";
import { enterSegment } from "./events.ts";
import { Recorder, SolveError, type SolveProblem, type SolveStats } from "./solve-problem.ts";
import type { Crossing } from "./switches.ts";

export interface RosenbrockOptions {
  rtol: number;
  atol: number;
}

/*
 * RODAS4: a 6-stage, order 4(3), L-stable and stiffly accurate Rosenbrock method with a 3rd-order dense
 * output. Coefficients: E. Hairer & G. Wanner, Solving Ordinary Differential Equations II, 2nd ed.
 * (Springer 1996), §VI.4, as set in Hairer's rodas.f (subroutine ROCOE, METH = 1; the dense-output
 * coefficients D21…D35 from the same routine). Stiffly accurate means the last stage is the solution
 * itself, so an infinitely fast component is exactly at its equilibrium after each step (L-stability),
 * and the last increment is the error estimate, which overestimates the 4th-order solution's error:
 * the control is honest rather than optimistic.
 */
const GAMMA = 0.25;
const C2 = 0.386;
const C3 = 0.21;
const C4 = 0.63;
const D1 = 0.25;
const D2 = -0.1043;
const D3 = 0.1035;
const D4 = -0.03620000000000023;
const A21 = 1.544;
const A31 = 0.9466785280815826;
const A32 = 0.2557011698983284;
const A41 = 3.314825187068521;
const A42 = 2.896124015972201;
const A43 = 0.9986419139977817;
const A51 = 1.221224509226641;
const A52 = 6.019134481288629;
const A53 = 12.53708332932087;
const A54 = -0.687886036105895;
const C21 = -5.6688;
const C31 = -2.430093356833875;
const C32 = -0.2063599157091915;
const C41 = -0.1073529058151375;
const C42 = -9.594562251023355;
const C43 = -20.47028614809616;
const C51 = 7.496443313967647;
const C52 = -10.24680431464352;
const C53 = -33.99990352819905;
const C54 = 11.7089089320616;
const C61 = 8.083246795921522;
const C62 = -7.981132988064893;
const C63 = -31.52159432874371;
const C64 = 16.31930543123136;
const C65 = -6.058818238834054;
const H21 = 10.12623508344586;
const H22 = -7.487995877610167;
const H23 = -34.80091861555747;
const H24 = -7.992771707568823;
const H25 = 1.025137723295662;
const H31 = -0.6762803392801253;
const H32 = 6.087714651680015;
const H33 = 16.43084320892478;
const H34 = 24.76722511418386;
const H35 = -6.594389125716872;

// Step-size control as in rodas.f: 0.2 ≤ h_new/h ≤ 6, safety 0.9, Gustafsson's predictive controller.
const FAC_MIN = 1 / 6;
const FAC_MAX = 5;
const SAFETY = 0.9;

/**
 * LU factorisation with partial pivoting of the n × n row-major matrix `a`, in place, with U's diagonal
 * stored as its reciprocals; false if singular.
 */
function factor(a: Float64Array, n: number, piv: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = Math.abs(a[k * n + k] as number);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k] as number);
      if (v > big) {
        big = v;
        p = i;
      }
    }
    piv[k] = p;
    if (big === 0 || !Number.isFinite(big)) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as number;
        a[k * n + j] = a[p * n + j] as number;
        a[p * n + j] = t;
      }
    }
    const inv = 1 / (a[k * n + k] as number);
    // Kept inverted: solveLu multiplies by it instead of dividing, six times a step.
    a[k * n + k] = inv;
    for (let i = k + 1; i < n; i++) {
      const l = (a[i * n + k] as number) * inv;
      a[i * n + k] = l;
      if (l !== 0)
        for (let j = k + 1; j < n; j++) a[i * n + j] = (a[i * n + j] as number) - l * (a[k * n + j] as number);
    }
  }
  return true;
}

/**
 * The nonzero entries of a factorisation, row by row in increasing column order: a model's Jacobian
 * is mostly zeros (each rate reads a few states), and the six solves of a step need only these.
 */
interface SparseLu {
  /** Row k's entries of L are lower[start[k] … start[k + 1]), of U (strictly above the diagonal) upper's. */
  lowerStart: Int32Array;
  lowerCol: Int32Array;
  lowerVal: Float64Array;
  upperStart: Int32Array;
  upperCol: Int32Array;
  upperVal: Float64Array;
  /** U's diagonal, inverted (as factor() leaves it). */
  diagInv: Float64Array;
}

function sparseLu(n: number): SparseLu {
  return {
    lowerStart: new Int32Array(n + 1),
    lowerCol: new Int32Array(n * n),
    lowerVal: new Float64Array(n * n),
    upperStart: new Int32Array(n + 1),
    upperCol: new Int32Array(n * n),
    upperVal: new Float64Array(n * n),
    diagInv: new Float64Array(n),
  };
}

/** Collects the nonzero entries of factor()'s result into `lu`. */
function compress(a: Float64Array, n: number, lu: SparseLu): void {
  const { lowerStart, lowerCol, lowerVal, upperStart, upperCol, upperVal, diagInv } = lu;
  let l = 0;
  let u = 0;
  for (let k = 0; k < n; k++) {
    const row = k * n;
    lowerStart[k] = l;
    upperStart[k] = u;
    for (let j = 0; j < k; j++) {
      const v = a[row + j] as number;
      if (v !== 0) {
        lowerCol[l] = j;
        lowerVal[l++] = v;
      }
    }
    diagInv[k] = a[row + k] as number;
    for (let j = k + 1; j < n; j++) {
      const v = a[row + j] as number;
      if (v !== 0) {
        upperCol[u] = j;
        upperVal[u++] = v;
      }
    }
  }
  lowerStart[n] = l;
  upperStart[n] = u;
}

/**
 * Solves LU x = b in place (b becomes x), with the pivots from factor() and its entries from
 * compress(). A skipped entry is an exact zero, whose product would leave the sum as it is.
 */
function solveLu(lu: SparseLu, n: number, piv: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k] as number;
    if (p !== k) {
      const t = b[k] as number;
      b[k] = b[p] as number;
      b[p] = t;
    }
  }
  const { lowerStart, lowerCol, lowerVal, upperStart, upperCol, upperVal, diagInv } = lu;
  for (let k = 1; k < n; k++) {
    let s = b[k] as number;
    const end = lowerStart[k + 1] as number;
    for (let e = lowerStart[k] as number; e < end; e++)
      s -= (lowerVal[e] as number) * (b[lowerCol[e] as number] as number);
    b[k] = s;
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k] as number;
    const end = upperStart[k + 1] as number;
    for (let e = upperStart[k] as number; e < end; e++)
      s -= (upperVal[e] as number) * (b[upperCol[e] as number] as number);
    b[k] = s * (diagInv[k] as number);
  }
}

/** Everything one solve works in, allocated once: no step or output point allocates. */
interface Work {
  n: number;
  m: number;
  problem: SolveProblem;
  stats: SolveStats;
  /** The current segment's inputs: v0 + slope·(t − t0). */
  v0: Float64Array;
  slope: Float64Array;
  t0: number;
  ramp: boolean;
  inp: Float64Array;
  /** The state handed to the rates: the argument clipped to the bounds. */
  yc: Float64Array;
  y: Float64Array;
  yNew: Float64Array;
  f0: Float64Array;
  dy: Float64Array;
  /** ∂f/∂t on a ramp (∂f/∂inputs · slope), else zero. */
  fx: Float64Array;
  J: Float64Array;
  Ji: Float64Array;
  E: Float64Array;
  piv: Int32Array;
  lu: SparseLu;
  k1: Float64Array;
  k2: Float64Array;
  k3: Float64Array;
  k4: Float64Array;
  k5: Float64Array;
  k6: Float64Array;
}

/**
 * `src` within the bounds, into `out` (solve-problem's clip, typed for this solver's buffers alone so
 * that the JIT sees one array kind where it inlines it five times a step).
 */
function clip(src: Float64Array, lower: Float64Array, upper: Float64Array, out: Float64Array): void {
  for (let i = 0; i < src.length; i++) {
    out[i] = Math.min(upper[i] as number, Math.max(lower[i] as number, src[i] as number));
  }
}

function inputsAt(w: Work, t: number, into: Float64Array): void {
  const { v0, slope, t0, m } = w;
  for (let k = 0; k < m; k++) into[k] = (v0[k] as number) + (slope[k] as number) * (t - t0);
}

/** The rates at (t, state), evaluated at the state clipped to the bounds. */
function evaluate(w: Work, t: number, state: Float64Array, out: Float64Array): void {
  inputsAt(w, t, w.inp);
  clip(state, w.problem.lower, w.problem.upper, w.yc);
  w.problem.rhs(t, w.yc, w.problem.params, w.inp, out, null);
  w.stats.evaluations++;
}

/** The rates (into f0), ∂f/∂x (J) and ∂f/∂t (fx) at the step's start. */
function linearise(w: Work, jacobian: JacobianFn, t: number): void {
  const { n, m, J, Ji, fx, slope } = w;
  inputsAt(w, t, w.inp);
  clip(w.y, w.problem.lower, w.problem.upper, w.yc);
  J.fill(0);
  Ji.fill(0);
  jacobian(t, w.yc, w.problem.params, w.inp, w.f0, J, Ji);
  w.stats.evaluations++;
  (w.stats.jacobians as number)++;
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (w.ramp) for (let k = 0; k < m; k++) s += (Ji[i * m + k] as number) * (slope[k] as number);
    fx[i] = s;
  }
}

/**
 * One RODAS4 step of size h from (t, y), with E = I/(hγ) − J already factored: the 4th-order solution
 * in yNew and k1…k6 the stages. Returns the scaled RMS error (the last stage), NaN if not finite.
 */
function attempt(w: Work, t: number, h: number, rtol: number, atol: number): number {
  const { n, lu, piv, y, yNew, dy, f0, fx, k1, k2, k3, k4, k5, k6 } = w;
  const hd1 = h * D1;
  const hd2 = h * D2;
  const hd3 = h * D3;
  const hd4 = h * D4;
  const ih = 1 / h;
  for (let i = 0; i < n; i++) k1[i] = (f0[i] as number) + hd1 * (fx[i] as number);
  solveLu(lu, n, piv, k1);
  for (let i = 0; i < n; i++) yNew[i] = (y[i] as number) + A21 * (k1[i] as number);
  evaluate(w, t + C2 * h, yNew, dy);
  for (let i = 0; i < n; i++) k2[i] = (dy[i] as number) + ih * C21 * (k1[i] as number) + hd2 * (fx[i] as number);
  solveLu(lu, n, piv, k2);
  for (let i = 0; i < n; i++) yNew[i] = (y[i] as number) + A31 * (k1[i] as number) + A32 * (k2[i] as number);
  evaluate(w, t + C3 * h, yNew, dy);
  for (let i = 0; i < n; i++)
    k3[i] = (dy[i] as number) + ih * (C31 * (k1[i] as number) + C32 * (k2[i] as number)) + hd3 * (fx[i] as number);
  solveLu(lu, n, piv, k3);
  for (let i = 0; i < n; i++)
    yNew[i] = (y[i] as number) + A41 * (k1[i] as number) + A42 * (k2[i] as number) + A43 * (k3[i] as number);
  evaluate(w, t + C4 * h, yNew, dy);
  for (let i = 0; i < n; i++)
    k4[i] =
      (dy[i] as number) +
      ih * (C41 * (k1[i] as number) + C42 * (k2[i] as number) + C43 * (k3[i] as number)) +
      hd4 * (fx[i] as number);
  solveLu(lu, n, piv, k4);
  for (let i = 0; i < n; i++)
    yNew[i] =
      (y[i] as number) +
      A51 * (k1[i] as number) +
      A52 * (k2[i] as number) +
      A53 * (k3[i] as number) +
      A54 * (k4[i] as number);
  evaluate(w, t + h, yNew, dy);
  for (let i = 0; i < n; i++)
    k5[i] =
      (dy[i] as number) +
      ih * (C51 * (k1[i] as number) + C52 * (k2[i] as number) + C53 * (k3[i] as number) + C54 * (k4[i] as number));
  solveLu(lu, n, piv, k5);
  // The embedded 3rd-order solution; one more stage gives the 4th-order one and the error estimate.
  for (let i = 0; i < n; i++) yNew[i] = (yNew[i] as number) + (k5[i] as number);
  evaluate(w, t + h, yNew, dy);
  for (let i = 0; i < n; i++)
    k6[i] =
      (dy[i] as number) +
      ih *
        (C61 * (k1[i] as number) +
          C62 * (k2[i] as number) +
          C63 * (k3[i] as number) +
          C64 * (k4[i] as number) +
          C65 * (k5[i] as number));
  solveLu(lu, n, piv, k6);
  let err = 0;
  for (let i = 0; i < n; i++) {
    const yn = (yNew[i] as number) + (k6[i] as number);
    yNew[i] = yn;
    const sk = atol + rtol * Math.max(Math.abs(y[i] as number), Math.abs(yn));
    const e = (k6[i] as number) / sk;
    err += e * e;
  }
  return Math.sqrt(err / n);
}

/**
 * The 3rd-order dense output's coefficients of an accepted step: y(t + s·h) = (1 − s)·y0 +
 * s·(y1 + (1 − s)·(c3 + s·c4)). k1 and k2 become c3 and c4, which is all they are needed for now.
 */
function denseCoefficients(w: Work): void {
  const { n, k1, k2, k3, k4, k5 } = w;
  for (let i = 0; i < n; i++) {
    const a1 = k1[i] as number;
    const a2 = k2[i] as number;
    const a3 = k3[i] as number;
    const a4 = k4[i] as number;
    const a5 = k5[i] as number;
    k1[i] = H21 * a1 + H22 * a2 + H23 * a3 + H24 * a4 + H25 * a5;
    k2[i] = H31 * a1 + H32 * a2 + H33 * a3 + H34 * a4 + H35 * a5;
  }
}

/** The dense output at s = (tq − tStart)/h (at most 1), clipped to the bounds, into `into`. */
function denseAt(w: Work, tStart: number, h: number, tq: number, into: Float64Array): void {
  const { n, y, yNew, k1, k2 } = w;
  const { lower, upper } = w.problem;
  const s = Math.min(1, (tq - tStart) / h);
  for (let i = 0; i < n; i++) {
    const v =
      (1 - s) * (y[i] as number) + s * ((yNew[i] as number) + (1 - s) * ((k1[i] as number) + s * (k2[i] as number)));
    into[i] = Math.min(upper[i] as number, Math.max(lower[i] as number, v));
  }
}

/** The dense output's s at each output time of one step: scratch, grown as needed, shared by every solve. */
let denseS = new Float64Array(256);

/**
 * Writes the dense output at every output time up to `limit` (each taken at most at `tCap`) straight
 * into the recorder's columns: with steps of tens of seconds and output every second, most of the
 * work of a run is here, so it neither allocates nor goes through a per-point call.
 */
function writeDense(w: Work, rec: Recorder, tStart: number, h: number, tCap: number, limit: number): void {
  const { n, y, yNew, k1, k2 } = w;
  const { lower, upper, times } = w.problem;
  const nt = times.length;
  const first = rec.next;
  let end = first;
  while (end < nt && (times[end] as number) <= limit) end++;
  if (end === first) return;
  if (denseS.length < end - first) denseS = new Float64Array(Math.max(2 * denseS.length, end - first));
  const sAt = denseS;
  for (let k = first; k < end; k++) sAt[k - first] = Math.min(1, (Math.min(times[k] as number, tCap) - tStart) / h);
  // State by state, so that the step's coefficients stay in registers across the points.
  for (let i = 0; i < n; i++) {
    const column = rec.samples[i] as Float64Array;
    const y0 = y[i] as number;
    const y1 = yNew[i] as number;
    const c3 = k1[i] as number;
    const c4 = k2[i] as number;
    const lo = lower[i] as number;
    const hi = upper[i] as number;
    // Math.min(+∞, x) and Math.max(−∞, x) are x itself (−0 and NaN included): an open side is not
    // clipped. The largest sample is noted on the way (the readouts' peaks), first index on ties.
    let top = rec.peak[i] as number;
    let at = rec.peakAt[i] as number;
    if (hi === Number.POSITIVE_INFINITY && lo === Number.NEGATIVE_INFINITY) {
      for (let k = first; k < end; k++) {
        const s = sAt[k - first] as number;
        const v = (1 - s) * y0 + s * (y1 + (1 - s) * (c3 + s * c4));
        column[k] = v;
        if (v > top) {
          top = v;
          at = k;
        }
      }
    } else if (hi === Number.POSITIVE_INFINITY) {
      for (let k = first; k < end; k++) {
        const s = sAt[k - first] as number;
        const v = Math.max(lo, (1 - s) * y0 + s * (y1 + (1 - s) * (c3 + s * c4)));
        column[k] = v;
        if (v > top) {
          top = v;
          at = k;
        }
      }
    } else {
      for (let k = first; k < end; k++) {
        const s = sAt[k - first] as number;
        const v = Math.min(hi, Math.max(lo, (1 - s) * y0 + s * (y1 + (1 - s) * (c3 + s * c4))));
        column[k] = v;
        if (v > top) {
          top = v;
          at = k;
        }
      }
    }
    rec.peak[i] = top;
    rec.peakAt[i] = at;
  }
  rec.next = end;
}

/**
 * Solves the problem with RODAS4, piecewise between input breakpoints exactly as solveOdex does (so
 * that nothing that happens at a segment boundary is stepped over), with a fresh Jacobian at every
 * step. ∂f/∂t on a ramp is ∂f/∂inputs · slope. Rates are evaluated at states within the declared
 * bounds, and each accepted state is kept within them. Jumps fire at segment starts (enterSegment);
 * a switch crossing is located on the accepted step's dense output, the step is cut there and the
 * next one starts with the switch flipped (and a fresh Jacobian, since the rates changed).
 * The step's parts are separate small functions over buffers allocated once: the JIT compiles each
 * quickly (one large function took the optimising compiler most of a second) and no step allocates.
 */
export function solveRosenbrock(
  problem: SolveProblem,
  options: RosenbrockOptions,
): { recorder: Recorder; stats: SolveStats } {
  const jacobian = problem.jacobian;
  if (!jacobian) throw new Error("the Rosenbrock method needs the model's Jacobian");
  const n = problem.y0.length;
  const rec = new Recorder(problem);
  const stats: SolveStats = { steps: 0, rejected: 0, evaluations: 0, jacobians: 0, events: 0, crossings: 0 };
  const { schedule, lower, upper } = problem;
  const m = schedule.segments[0]?.v0.length ?? 0;
  const { rtol, atol } = options;
  const w: Work = {
    n,
    m,
    problem,
    stats,
    v0: new Float64Array(m),
    slope: new Float64Array(m),
    t0: 0,
    ramp: false,
    inp: new Float64Array(m),
    yc: new Float64Array(n),
    y: Float64Array.from(problem.y0),
    yNew: new Float64Array(n),
    f0: new Float64Array(n),
    dy: new Float64Array(n),
    fx: new Float64Array(n),
    J: new Float64Array(n * n),
    Ji: new Float64Array(n * m),
    E: new Float64Array(n * n),
    piv: new Int32Array(n),
    lu: sparseLu(n),
    k1: new Float64Array(n),
    k2: new Float64Array(n),
    k3: new Float64Array(n),
    k4: new Float64Array(n),
    k5: new Float64Array(n),
    k6: new Float64Array(n),
  };
  const { y, yNew, J, E, piv } = w;
  const row = new Float64Array(n);
  const switches = problem.discrete?.switches;
  const swInp = new Float64Array(m);

  rec.accept(0, y);
  while (rec.nextTime <= 0) rec.write(y);

  let h = 0;
  let hAcc = 0;
  let errAcc = 0;
  let accepted = 0;
  for (const seg of schedule.segments) {
    const { t0, t1 } = seg;
    enterSegment(problem, seg, y, rec, stats);
    w.v0 = seg.v0;
    w.slope = seg.slope;
    w.t0 = t0;
    w.ramp = false;
    for (let k = 0; k < m; k++) if (seg.slope[k] !== 0) w.ramp = true;
    const span = t1 - t0;
    const endSlack = 1e-12 * Math.max(1, Math.abs(t1));
    let t = t0;
    if (h === 0) {
      h = firstStep(w, t0, span, rtol, atol);
      stats.evaluations++;
    }
    let fresh = false;
    while (t < t1 - endSlack) {
      if (stats.steps + stats.rejected >= problem.maxSteps) {
        throw new SolveError(
          "step-limit",
          `Rosenbrock integrator stopped at t = ${t.toPrecision(6)} after ${problem.maxSteps} steps`,
          t,
        );
      }
      h = Math.min(h, span);
      if (t + 1.0001 * h >= t1) h = t1 - t;
      if (!fresh) {
        linearise(w, jacobian, t);
        fresh = true;
      }
      const fac = 1 / (h * GAMMA);
      for (let k = 0; k < n * n; k++) E[k] = -(J[k] as number);
      for (let i = 0; i < n; i++) E[i * n + i] = (E[i * n + i] as number) + fac;
      if (!factor(E, n, piv)) {
        stats.rejected++;
        h *= 0.5;
        if (h < 1e-12 * Math.max(1, Math.abs(t))) {
          throw new SolveError("stalled", `Rosenbrock matrix stayed singular at t = ${t.toPrecision(6)}`, t);
        }
        continue;
      }
      compress(E, n, w.lu);
      const err = attempt(w, t, h, rtol, atol);
      if (!Number.isFinite(err)) {
        // A trial step that left the rates' domain: a smaller one may not.
        stats.rejected++;
        h *= 0.2;
        if (h < 1e-12 * Math.max(1, Math.abs(t))) {
          const bad = yNew.findIndex((v) => !Number.isFinite(v));
          const name = problem.stateNames[bad];
          throw new SolveError("non-finite", `state ${name} became non-finite at t = ${t.toPrecision(6)}`, t, name);
        }
        continue;
      }
      // err^(1/4) as two square roots: the same number, and far cheaper than a general power.
      let grow = Math.max(FAC_MIN, Math.min(FAC_MAX, Math.sqrt(Math.sqrt(err)) / SAFETY));
      if (err <= 1) {
        if (accepted > 0) {
          const gus = Math.max(
            FAC_MIN,
            Math.min(FAC_MAX, ((hAcc / h) * Math.sqrt(Math.sqrt((err * err) / errAcc))) / SAFETY),
          );
          grow = Math.max(grow, gus);
        }
        hAcc = h;
        errAcc = Math.max(1e-2, err);
        accepted++;
        let tNew = t + h >= t1 - endSlack ? t1 : t + h;
        denseCoefficients(w);
        let crossing: Crossing | undefined;
        if (switches) {
          clip(yNew, lower, upper, row);
          inputsAt(w, tNew, swInp);
          if (switches.disagrees(row, swInp)) {
            const tStart = t;
            const hStep = h;
            crossing = switches.locate(
              t,
              tNew,
              (tq, into) => denseAt(w, tStart, hStep, tq, into),
              (tq, into) => inputsAt(w, tq, into),
              swInp,
            );
          }
          if (crossing) tNew = crossing.t;
        }
        notePeaks(rec.max, y, yNew, w.k1, w.k2, lower, upper, (tNew - t) / h);
        const limit = tNew >= t1 ? t1 + 1e-9 * Math.max(1, Math.abs(t1)) : tNew;
        writeDense(w, rec, t, h, tNew, limit);
        if (crossing) {
          denseAt(w, t, h, tNew, row);
          yNew.set(row);
        }
        t = tNew;
        clip(yNew, lower, upper, y);
        fresh = false;
        stats.steps++;
        rec.accept(t, y);
        h /= grow;
        if (crossing && switches) {
          switches.flip(crossing.flip);
          stats.crossings = (stats.crossings ?? 0) + 1;
        }
      } else {
        stats.rejected++;
        h /= grow;
        if (h < 1e-12 * Math.max(1, Math.abs(t))) {
          throw new SolveError("stalled", `Rosenbrock step size vanished at t = ${t.toPrecision(6)}`, t);
        }
      }
    }
  }
  return { recorder: rec, stats };
}

/**
 * Raises `max` to the interpolant's maximum inside the step (s in (0, sEnd); sEnd < 1 when a switch
 * crossing cut the step), where a peak between output times lies: with steps of tens of seconds, the
 * step ends alone would miss it. y(s) = y0 + s(y1 − y0 + c3) + s²(c4 − c3) − s³c4, so y'(s) = 0 is a
 * quadratic.
 */
function notePeaks(
  max: Float64Array,
  y0: Float64Array,
  y1: Float64Array,
  c3: Float64Array,
  c4: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  sEnd: number,
): void {
  for (let i = 0; i < y0.length; i++) {
    const a = y0[i] as number;
    const b = (y1[i] as number) - a + (c3[i] as number);
    const c = (c4[i] as number) - (c3[i] as number);
    const d = -(c4[i] as number);
    // d·3s² + c·2s + b = 0: at most two roots, checked without collecting them.
    const qa = 3 * d;
    const qb = 2 * c;
    let r1 = Number.NaN;
    let r2 = Number.NaN;
    if (Math.abs(qa) < 1e-300) {
      if (qb !== 0) r1 = -b / qb;
    } else {
      const disc = qb * qb - 4 * qa * b;
      if (disc >= 0) {
        const r = Math.sqrt(disc);
        r1 = (-qb + r) / (2 * qa);
        r2 = (-qb - r) / (2 * qa);
      }
    }
    const lo = lower[i] as number;
    const hi = upper[i] as number;
    if (r1 > 0 && r1 < sEnd) {
      const v = Math.min(hi, Math.max(lo, a + r1 * (b + r1 * (c + r1 * d))));
      if (v > (max[i] as number)) max[i] = v;
    }
    if (r2 > 0 && r2 < sEnd) {
      const v = Math.min(hi, Math.max(lo, a + r2 * (b + r2 * (c + r2 * d))));
      if (v > (max[i] as number)) max[i] = v;
    }
  }
}

/**
 * A first step from the size of the state and of its rate (Hairer & Wanner's starting-step heuristic,
 * order 4): small enough that a steep start is not stepped over, and the controller grows it fast.
 */
function firstStep(w: Work, t0: number, span: number, rtol: number, atol: number): number {
  const { n, y, f0 } = w;
  inputsAt(w, t0, w.inp);
  clip(y, w.problem.lower, w.problem.upper, w.yc);
  w.problem.rhs(t0, w.yc, w.problem.params, w.inp, f0, null);
  let dy = 0;
  let df = 0;
  for (let i = 0; i < n; i++) {
    const sk = atol + rtol * Math.abs(y[i] as number);
    dy += ((y[i] as number) / sk) ** 2;
    df += ((f0[i] as number) / sk) ** 2;
  }
  dy = Math.sqrt(dy / n);
  df = Math.sqrt(df / n);
  const h = dy < 1e-5 || df < 1e-5 ? 1e-6 : 0.01 * (dy / df);
  return Math.min(h, span);
}
