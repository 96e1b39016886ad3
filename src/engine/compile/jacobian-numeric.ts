import type { Rhs } from "./compile-model.ts";
import type { JacobianTerms } from "./jacobian-terms.ts";

/**
 * Writes dx/dt into `out`, ∂f/∂x into `J` (n × n, row-major: J[i·n + j] = ∂f_i/∂x_j) and ∂f/∂inputs
 * into `Ji` (n × m, row-major). Only nonzero entries are written: the caller zeroes both once.
 */
export type JacobianFn = (
  t: number,
  y: ArrayLike<number>,
  p: Float64Array,
  inp: Float64Array,
  out: Float64Array,
  J: Float64Array,
  Ji: Float64Array,
) => void;

/**
 * Completes a symbolic Jacobian by finite differences where it cannot answer: the columns mathjs could
 * not differentiate (min/max), and any column with a non-finite entry at this point (such as
 * d/dN N^0.5 at N = 0, where the rate itself is finite). Forward differences, or backward where the
 * forward point leaves the rate's domain.
 */
export function withNumericColumns(
  inner: JacobianFn,
  rhs: Rhs,
  n: number,
  m: number,
  terms: Pick<JacobianTerms, "numericStates" | "numericInputs">,
): JacobianFn {
  const staticStates = terms.numericStates;
  const staticInputs = terms.numericInputs;
  const yy = new Float64Array(n);
  const ii = new Float64Array(m);
  const fd = new Float64Array(n);
  const sqrtEps = Math.sqrt(Number.EPSILON);
  const column = (
    f0: Float64Array,
    target: Float64Array,
    width: number,
    col: number,
    x: Float64Array,
    evaluate: () => void,
  ) => {
    const x0 = x[col] as number;
    let d = sqrtEps * Math.max(1e-5, Math.abs(x0));
    x[col] = x0 + d;
    evaluate();
    if (!fd.every(Number.isFinite)) {
      d = -d;
      x[col] = x0 + d;
      evaluate();
    }
    x[col] = x0;
    for (let i = 0; i < n; i++) target[i * width + col] = ((fd[i] as number) - (f0[i] as number)) / d;
  };
  return (t, y, p, inp, out, J, Ji) => {
    inner(t, y, p, inp, out, J, Ji);
    // Any non-finite entry makes the sum NaN (x·0 is 0 only for finite x): one pass without branches
    // in the common case where every entry is finite.
    let probe = 0;
    for (let k = 0; k < J.length; k++) probe += (J[k] as number) * 0;
    for (let k = 0; k < Ji.length; k++) probe += (Ji[k] as number) * 0;
    if (probe === 0 && !staticStates.length && !staticInputs.length) return;
    let stateCols: number[] | null = staticStates.length ? [...staticStates] : null;
    for (let k = 0; k < J.length; k++) {
      if (!Number.isFinite(J[k] as number)) {
        stateCols ??= [];
        const col = k % n;
        if (!stateCols.includes(col)) stateCols.push(col);
      }
    }
    let inputCols: number[] | null = staticInputs.length ? [...staticInputs] : null;
    for (let k = 0; k < Ji.length; k++) {
      if (!Number.isFinite(Ji[k] as number)) {
        inputCols ??= [];
        const col = k % m;
        if (!inputCols.includes(col)) inputCols.push(col);
      }
    }
    if (stateCols) {
      yy.set(y);
      for (const col of stateCols) column(out, J, n, col, yy, () => rhs(t, yy, p, inp, fd, null));
    }
    if (inputCols) {
      ii.set(inp);
      for (const col of inputCols) column(out, Ji, m, col, ii, () => rhs(t, y, p, ii, fd, null));
    }
  };
}
