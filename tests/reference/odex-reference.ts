import { Solver } from "odex";
import type { Rhs } from "../../src/engine/index.ts";

export interface Piece {
  t0: number;
  t1: number;
  /** Constant input values on [t0, t1). */
  inputs: number[];
}

/**
 * A tight-tolerance odex solve of `rhs` over hand-listed constant-input pieces, independent of the
 * engine's schedule and samplers. Returns the state at each requested time (which must be piece ends).
 */
export function referenceSolve(rhs: Rhs, params: Float64Array, y0: number[], pieces: Piece[], rtol = 1e-11): number[] {
  let y = y0.slice();
  const out: number[] = new Array(y0.length).fill(0);
  for (const piece of pieces) {
    const inp = Float64Array.from(piece.inputs);
    const solver = new Solver(y.length);
    solver.relativeTolerance = rtol;
    solver.absoluteTolerance = rtol * 1e-2;
    solver.maxSteps = 10_000_000;
    const r = solver.solve(
      (t, yy) => {
        rhs(t, yy, params, inp, out, null);
        return out.slice();
      },
      piece.t0,
      y,
      piece.t1,
    );
    if (r.outcome !== 0) throw new Error(`reference solve did not finish on [${piece.t0}, ${piece.t1}]`);
    y = r.y;
  }
  return y;
}
