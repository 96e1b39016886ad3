import { Solver } from "odex";
import { enterSegment } from "./events.ts";
import { clip, Recorder, SolveError, type SolveProblem, type SolveStats } from "./solve-problem.ts";
import type { Crossing } from "./switches.ts";

// odex reports how a solve ended; only this value means it reached the end time.
const CONVERGED = 0;

export interface OdexOptions {
  rtol: number;
  atol: number;
}

/**
 * Hairer's GBS extrapolation (odex), run piecewise between input breakpoints so that no edge of an
 * input is stepped over, and sampled on the output grid through its dense interpolant.
 */
export function solveOdex(problem: SolveProblem, options: OdexOptions): { recorder: Recorder; stats: SolveStats } {
  const n = problem.y0.length;
  const rec = new Recorder(problem);
  const stats: SolveStats = { steps: 0, rejected: 0, evaluations: 0, events: 0, crossings: 0 };
  const inp = new Float64Array(problem.schedule.segments[0]?.v0.length ?? 0);
  const out: number[] = new Array(n).fill(0);
  const row = new Float64Array(n);
  const inside = new Float64Array(n);
  const { rhs, params, lower, upper } = problem;
  let y = Array.from(problem.y0);

  rec.accept(0, y);
  while (rec.nextTime <= 0) rec.write(y);

  const switches = problem.discrete?.switches;
  const yCross = new Float64Array(n);
  const swInp = new Float64Array(inp.length);
  for (const seg of problem.schedule.segments) {
    const { v0, slope, t0, t1 } = seg;
    enterSegment(problem, seg, y, rec, stats);
    const inputsAt = (t: number, into: Float64Array) => {
      for (let k = 0; k < into.length; k++) into[k] = (v0[k] as number) + (slope[k] as number) * (t - t0);
    };
    const f = (t: number, yy: number[]): number[] => {
      inputsAt(t, inp);
      rhs(t, clip(yy, lower, upper, inside), params, inp, out, null);
      return out;
    };
    // Points within a rounding error of the segment's end belong to it; the next segment starts after them.
    const endSlack = 1e-9 * Math.max(1, Math.abs(t1));
    let from = t0;
    // Restarted at each located switch crossing, with the switch flipped.
    while (from < t1) {
      const solver = new Solver(n);
      solver.denseOutput = true;
      solver.relativeTolerance = options.rtol;
      solver.absoluteTolerance = options.atol;
      solver.maxSteps = Math.max(1, problem.maxSteps - stats.steps);
      solver.initialStepSize = Math.min(1, (t1 - from) / 4);
      let reached = from;
      let crossing: Crossing | undefined;
      const result = solver.solve(f, from, y, t1, (nr, xOld, x, yy, interpolate) => {
        if (nr === 1) return;
        if (switches) {
          const dense = (t: number, into: Float64Array) => {
            for (let i = 0; i < n; i++) into[i] = interpolate(i, t);
            clip(into, lower, upper, into);
          };
          inputsAt(x, swInp);
          if (switches.disagrees(clip(yy, lower, upper, inside), swInp)) {
            crossing = switches.locate(xOld, x, dense, inputsAt, swInp);
          }
          if (crossing) {
            const tc = crossing.t;
            while (rec.nextTime <= tc) {
              const tk = rec.nextTime;
              for (let i = 0; i < n; i++) row[i] = interpolate(i, tk);
              rec.write(row);
            }
            dense(tc, yCross);
            reached = tc;
            rec.accept(tc, yCross);
            return false;
          }
        }
        reached = x;
        rec.accept(x, yy);
        const limit = x >= t1 - endSlack ? t1 + endSlack : x;
        while (rec.nextTime <= limit) {
          const tk = rec.nextTime;
          for (let i = 0; i < n; i++) row[i] = interpolate(i, Math.min(tk, x));
          rec.write(row);
        }
      });
      stats.steps += result.nStep;
      stats.rejected += result.nReject;
      stats.evaluations += result.nEval;
      if (crossing && switches) {
        y = Array.from(yCross);
        switches.flip(crossing.flip);
        stats.crossings = (stats.crossings ?? 0) + 1;
        from = crossing.t;
        continue;
      }
      if (result.outcome !== CONVERGED) {
        throw new SolveError(
          "step-limit",
          `odex stopped at t = ${reached.toPrecision(6)} after ${stats.steps} steps (limit ${problem.maxSteps})`,
          reached,
        );
      }
      y = result.y;
      from = t1;
    }
  }
  return { recorder: rec, stats };
}
