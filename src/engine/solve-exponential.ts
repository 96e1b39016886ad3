import { enterSegment } from "./events.ts";
import { clip, Recorder, SolveError, type SolveProblem, type SolveStats } from "./solve-problem.ts";
import type { Crossing } from "./switches.ts";

export interface ExponentialOptions {
  rtol: number;
  atol: number;
}

// (e^z − 1)/z, accurate near 0 and for large negative z (where it tends to −1/z).
function phi1(z: number): number {
  return Math.abs(z) < 1e-8 ? 1 + z / 2 : Math.expm1(z) / z;
}

/**
 * Adaptive exponential integrator for stiff settings. Each rate is linearised in its own state,
 * dx/dt ≈ f(x_n) + J(x − x_n) with J = ∂f/∂x from the model's symbolic derivative, and the linear part is
 * solved exactly (exponential Euler, as in Brian2 and NEURON's cnexp). Two stages make it second order
 * (exponential midpoint); the exponential Euler step embedded in it gives the error estimate. A rate that
 * is linear in its own state (every one in the default model) is then exact for frozen other states,
 * so the step is stable however fast that state is.
 */
export function solveExponential(
  problem: SolveProblem,
  options: ExponentialOptions,
): { recorder: Recorder; stats: SolveStats } {
  const n = problem.y0.length;
  const rec = new Recorder(problem);
  const stats: SolveStats = { steps: 0, rejected: 0, evaluations: 0, events: 0, crossings: 0 };
  const { rhs, params, schedule, lower, upper } = problem;
  const nIn = schedule.segments[0]?.v0.length ?? 0;
  const inp = new Float64Array(nIn);
  const switches = problem.discrete?.switches;
  const swInp = new Float64Array(nIn);
  const y = Float64Array.from(problem.y0);
  const f0 = new Float64Array(n);
  const j0 = new Float64Array(n);
  const fm = new Float64Array(n);
  const jm = new Float64Array(n);
  const yMid = new Float64Array(n);
  const yNew = new Float64Array(n);
  const g = new Float64Array(n);
  const phiFull = new Float64Array(n);
  const row = new Float64Array(n);
  const { rtol, atol } = options;

  rec.accept(0, y);
  while (rec.nextTime <= 0) rec.write(y);

  let h = 1e-2;
  for (const seg of schedule.segments) {
    const { v0, slope, t0, t1 } = seg;
    enterSegment(problem, seg, y, rec, stats);
    const inputsAt = (t: number, into: Float64Array) => {
      for (let k = 0; k < nIn; k++) into[k] = (v0[k] as number) + (slope[k] as number) * (t - t0);
    };
    const setInputs = (t: number) => inputsAt(t, inp);
    let t = t0;
    let fresh = false;
    const endSlack = 1e-12 * Math.max(1, Math.abs(t1));
    while (t < t1 - endSlack) {
      if (stats.steps + stats.rejected >= problem.maxSteps) {
        throw new SolveError(
          "step-limit",
          `exponential integrator stopped at t = ${t.toPrecision(6)} after ${problem.maxSteps} steps`,
          t,
        );
      }
      let hTry = Math.min(h, t1 - t);
      if (t1 - t - hTry < 1e-9 * hTry) hTry = t1 - t;
      if (!fresh) {
        setInputs(t);
        rhs(t, y, params, inp, f0, j0);
        stats.evaluations++;
        fresh = true;
      }
      const half = 0.5 * hTry;
      for (let i = 0; i < n; i++) {
        const zh = half * (j0[i] as number);
        const p = phi1(zh);
        // φ1(z) = φ1(z/2)·(e^{z/2} + 1)/2 with e^{z/2} = 1 + (z/2)·φ1(z/2): the full step's φ1 for free.
        phiFull[i] = (p * (2 + zh * p)) / 2;
        yMid[i] = (y[i] as number) + half * p * (f0[i] as number);
      }
      clip(yMid, lower, upper, yMid);
      const tm = t + half;
      setInputs(tm);
      rhs(tm, yMid, params, inp, fm, jm);
      stats.evaluations++;
      let err = 0;
      for (let i = 0; i < n; i++) {
        const yi = y[i] as number;
        const ji = jm[i] as number;
        // The linear model of this rate about the midpoint, applied from y_n: g = f_m + J_m (y_n − y_m).
        const gi = (fm[i] as number) + ji * (yi - (yMid[i] as number));
        g[i] = gi;
        const mid = yi + hTry * phi1(hTry * ji) * gi;
        const euler = yi + hTry * (phiFull[i] as number) * (f0[i] as number);
        yNew[i] = mid;
        const scale = atol + rtol * Math.max(Math.abs(yi), Math.abs(mid));
        const e = (mid - euler) / scale;
        err += e * e;
      }
      err = Math.sqrt(err / n);
      if (!Number.isFinite(err)) {
        rec.accept(t + hTry, yNew);
        throw new SolveError(
          "non-finite",
          `the solution became non-finite at t = ${(t + hTry).toPrecision(6)}`,
          t + hTry,
        );
      }
      const grow = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 / Math.sqrt(err)));
      if (err <= 1) {
        let tNew = hTry === t1 - t ? t1 : t + hTry;
        // Dense output over this step: the step formula taken over part of it, exact for the linear part.
        const tStart = t;
        const dense = (tq: number, into: Float64Array) => {
          const s = tq - tStart;
          for (let i = 0; i < n; i++) into[i] = (y[i] as number) + s * phi1(s * (jm[i] as number)) * (g[i] as number);
          clip(into, lower, upper, into);
        };
        let crossing: Crossing | undefined;
        if (switches) {
          clip(yNew, lower, upper, yNew);
          inputsAt(tNew, swInp);
          if (switches.disagrees(yNew, swInp)) crossing = switches.locate(t, tNew, dense, inputsAt, swInp);
          if (crossing) {
            tNew = crossing.t;
            dense(tNew, yNew);
          }
        }
        // Dense output: the same step formula taken over part of the step, exact for the linear part.
        const limit = tNew >= t1 ? t1 + endSlack : tNew;
        while (rec.nextTime <= limit) {
          dense(Math.min(rec.nextTime, tNew), row);
          rec.write(row);
        }
        t = tNew;
        clip(yNew, lower, upper, y);
        fresh = false;
        stats.steps++;
        rec.accept(t, y);
        h = hTry * grow;
        if (crossing && switches) {
          switches.flip(crossing.flip);
          stats.crossings = (stats.crossings ?? 0) + 1;
        }
      } else {
        stats.rejected++;
        h = hTry * grow;
        if (h < 1e-12 * Math.max(1, t)) {
          throw new SolveError("stalled", `exponential integrator step size vanished at t = ${t.toPrecision(6)}`, t);
        }
      }
    }
  }
  return { recorder: rec, stats };
}
