import type { MathNode } from "mathjs";
import { type ClosureEnv, type Ev, toClosure } from "./closure-compile.ts";
import { substitute } from "./expression.ts";
import type { Helper, Model } from "./model.ts";

/** Relative accuracy in time to which a crossing is located. */
export const CROSSING_TOLERANCE = 1e-10;

/** The state of a run at any time inside one solver step (the step's dense output). */
export type DenseState = (t: number, out: Float64Array) => void;

/** A located crossing: the first time after which the switches in `flip` change value. */
export interface Crossing {
  t: number;
  flip: number[];
}

/**
 * A model's switches during one run. Their 0/1 values live in the parameter vector after the model's
 * parameters (slots `offset + k`), so compiled rates read them like parameters: held constant between
 * crossings, which is what keeps a threshold term from chattering.
 */
export class SwitchRuntime {
  private readonly fns: Ev[];
  private readonly env: ClosureEnv;
  private readonly g: Float64Array;
  private readonly ys: Float64Array;

  constructor(
    model: Model,
    readonly params: Float64Array,
    readonly offset: number,
  ) {
    this.fns = model.switches.map((s) => switchFunction(model, s.expr.node));
    this.env = { y: [], inp: new Float64Array(0), p: params, h: new Float64Array(0), args: [] };
    this.g = new Float64Array(this.fns.length);
    this.ys = new Float64Array(model.states.length);
  }

  get count(): number {
    return this.fns.length;
  }

  /** The switch functions' values at a state and inputs. */
  evaluate(y: ArrayLike<number>, inp: Float64Array, out: Float64Array = this.g): Float64Array {
    this.env.y = y;
    this.env.inp = inp;
    for (let k = 0; k < this.fns.length; k++) out[k] = (this.fns[k] as Ev)(this.env);
    return out;
  }

  value(k: number): number {
    return this.params[this.offset + k] as number;
  }

  /** Sets every switch from the sign of its function (1 where > 0). */
  reset(y: ArrayLike<number>, inp: Float64Array): void {
    const g = this.evaluate(y, inp);
    for (let k = 0; k < g.length; k++) this.params[this.offset + k] = (g[k] as number) > 0 ? 1 : 0;
  }

  /** Whether some switch's held value disagrees with the sign of its function at this state. */
  disagrees(y: ArrayLike<number>, inp: Float64Array): boolean {
    const g = this.evaluate(y, inp);
    for (let k = 0; k < g.length; k++) if (((g[k] as number) > 0 ? 1 : 0) !== this.value(k)) return true;
    return false;
  }

  flip(which: readonly number[]): void {
    for (const k of which) this.params[this.offset + k] = 1 - this.value(k);
  }

  /**
   * The first time in (tA, tB] at which a switch's function changes side, found on the step's dense
   * output by the Illinois method (regula falsi that halves the stale end's value), to
   * CROSSING_TOLERANCE relative in time. Returns the bracket's right end, where the new side holds,
   * so that the solver restarts with the switch already on it. Undefined when no switch changed.
   */
  locate(
    tA: number,
    tB: number,
    state: DenseState,
    inputsAt: (t: number, out: Float64Array) => void,
    inp: Float64Array,
  ): Crossing | undefined {
    const n = this.fns.length;
    const gAt = (t: number, k: number) => {
      state(t, this.ys);
      inputsAt(t, inp);
      this.env.y = this.ys;
      this.env.inp = inp;
      return (this.fns[k] as Ev)(this.env);
    };
    state(tB, this.ys);
    inputsAt(tB, inp);
    const gB = Float64Array.from(this.evaluate(this.ys, inp));
    const tol = CROSSING_TOLERANCE * Math.max(Math.abs(tB), tB - tA);
    let best: Crossing | undefined;
    for (let k = 0; k < n; k++) {
      const held = this.value(k) === 1;
      if ((gB[k] as number) > 0 === held) continue;
      const t = illinois((t) => gAt(t, k), tA, tB, gB[k] as number, held, tol);
      if (!best || t < best.t - tol) best = { t, flip: [k] };
      else if (Math.abs(t - best.t) <= tol) best.flip.push(k);
    }
    return best;
  }
}

/**
 * The earliest point where `f` leaves the side `held` (true: f > 0) within [a, b], given that f(b) is
 * on the other side. Returns the right end of a bracket no wider than `tol`.
 */
export function illinois(
  f: (t: number) => number,
  a: number,
  b: number,
  fbGiven: number,
  held: boolean,
  tol: number,
): number {
  let fa = f(a);
  let fb = fbGiven;
  // Already off its side at the start (it sat on the threshold): the crossing is at once.
  if (fa > 0 !== held) return a;
  let last = 0;
  for (let iter = 0; iter < 200 && b - a > tol; iter++) {
    let c = fa !== fb ? (fa * b - fb * a) / (fa - fb) : 0.5 * (a + b);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const fc = f(c);
    if (fc > 0 !== held) {
      b = c;
      fb = fc;
      if (last === -1) fa *= 0.5;
      last = -1;
    } else {
      a = c;
      fa = fc;
      if (last === 1) fb *= 0.5;
      last = 1;
    }
  }
  return b;
}

/** A switch's expression with every helper written out, as a closure over states, inputs and parameters. */
function switchFunction(model: Model, node: MathNode): Ev {
  const helpers = new Map(model.helpers.map((h) => [h.name, h]));
  const inline = (n: MathNode): MathNode =>
    substitute(n, (name, args) => {
      const h = helpers.get(name);
      if (!h) return undefined;
      if (args === undefined) return h.args.length === 0 ? inline(h.node) : undefined;
      return bindArgs(h, args, inline);
    });
  const stateIx = new Map(model.states.map((s) => [s.name, s.index]));
  const inputIx = new Map(model.inputs.map((i) => [i.name, i.index]));
  const paramIx = new Map(model.parameters.map((p) => [p.name, p.index]));
  return toClosure(inline(node), {
    value: (name) => {
      const s = stateIx.get(name);
      if (s !== undefined) return (e) => e.y[s] as number;
      const i = inputIx.get(name);
      if (i !== undefined) return (e) => e.inp[i] as number;
      const p = paramIx.get(name);
      if (p !== undefined) return (e) => e.p[p] as number;
      return undefined;
    },
  });
}

function bindArgs(h: Helper, args: MathNode[], inline: (n: MathNode) => MathNode): MathNode | undefined {
  if (args.length !== h.args.length) return undefined;
  const bound = new Map(h.args.map((a, k) => [a, args[k] as MathNode]));
  return inline(substitute(h.node, (n, inner) => (inner === undefined ? bound.get(n) : undefined)));
}
