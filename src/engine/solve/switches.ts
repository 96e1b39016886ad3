import type { MathNode } from "mathjs";

import { substitute } from "../compile/expression.ts";
import { ProgramBuilder, type RegisterScope, run } from "../compile/register-program.ts";
import type { Helper, Model } from "../model/model.ts";

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
  private readonly compiled: CompiledSwitches;
  /** This run's registers (the switch functions' instructions are the model's, shared by every run). */
  private readonly r: Float64Array;
  private readonly g: Float64Array;
  private readonly ys: Float64Array;

  constructor(
    model: Model,
    readonly params: Float64Array,
    readonly offset: number,
  ) {
    this.compiled = compileSwitches(model);
    this.r = this.compiled.registers.slice();
    this.g = new Float64Array(this.compiled.blocks.length);
    this.ys = new Float64Array(model.states.length);
    // The parameters are this run's from the start (a switch reads none of the switches' own slots).
    const { paramSrc, paramDst, hoisted, fns, lists } = this.compiled;
    for (let k = 0; k < paramSrc.length; k++) this.r[paramDst[k] as number] = params[paramSrc[k] as number] as number;
    run(hoisted, this.r, fns, lists);
  }

  get count(): number {
    return this.compiled.blocks.length;
  }

  /** Switch k's function at the state and inputs last loaded. */
  private at(k: number): number {
    const { blocks, results, fns, lists } = this.compiled;
    run(blocks[k] as Int32Array, this.r, fns, lists);
    return this.r[results[k] as number] as number;
  }

  private load(y: ArrayLike<number>, inp: Float64Array): void {
    const { r } = this;
    const { n, m } = this.compiled;
    for (let i = 0; i < n; i++) r[i] = y[i] as number;
    for (let k = 0; k < m; k++) r[n + k] = inp[k] as number;
  }

  /** The switch functions' values at a state and inputs. */
  evaluate(y: ArrayLike<number>, inp: Float64Array, out: Float64Array = this.g): Float64Array {
    this.load(y, inp);
    for (let k = 0; k < this.count; k++) out[k] = this.at(k);
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
    const n = this.count;
    const gAt = (t: number, k: number) => {
      state(t, this.ys);
      inputsAt(t, inp);
      this.load(this.ys, inp);
      return this.at(k);
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

/** A model's switch functions as register instructions: states, inputs, then the rest. */
interface CompiledSwitches {
  /** One block per switch, its value in register `results[k]`. */
  blocks: Int32Array[];
  results: Int32Array;
  /** What depends on the parameters alone, run once per run. */
  hoisted: Int32Array;
  /** The layout's template: constants in place; states, inputs and parameters copied in by each run. */
  registers: Float64Array;
  fns: ((...xs: number[]) => number)[];
  lists: Int32Array;
  n: number;
  m: number;
  paramSrc: Int32Array;
  paramDst: Int32Array;
}

const switchCache = new WeakMap<Model, CompiledSwitches>();

/** Compiled once per model: the switch functions depend on a run only through the registers. */
function compileSwitches(model: Model): CompiledSwitches {
  const hit = switchCache.get(model);
  if (hit) return hit;
  const n = model.states.length;
  const m = model.inputs.length;
  const b = new ProgramBuilder(n + m);
  const stateIx = new Map(model.states.map((s) => [s.name, s.index]));
  const inputIx = new Map(model.inputs.map((i) => [i.name, i.index]));
  const paramIx = new Map(model.parameters.map((p) => [p.name, p.index]));
  const scope: RegisterScope = {
    value: (name) => {
      const s = stateIx.get(name);
      if (s !== undefined) return s;
      const i = inputIx.get(name);
      if (i !== undefined) return n + i;
      const p = paramIx.get(name);
      return p === undefined ? undefined : b.param(p);
    },
  };
  const blocks: Int32Array[] = [];
  const results: number[] = [];
  for (const s of model.switches) {
    results.push(b.expression(inlineHelpers(model, s.expr.node), scope));
    blocks.push(b.end());
  }
  const compiled: CompiledSwitches = {
    blocks,
    results: Int32Array.from(results),
    hoisted: b.hoistedBlock(),
    registers: b.registers(),
    fns: b.fns,
    lists: b.callLists(),
    n,
    m,
    ...b.paramCopies(),
  };
  switchCache.set(model, compiled);
  return compiled;
}

/** A switch's expression with every helper written out, over states, inputs and parameters. */
function inlineHelpers(model: Model, node: MathNode): MathNode {
  const helpers = new Map(model.helpers.map((h) => [h.name, h]));
  const inline = (n: MathNode): MathNode =>
    substitute(n, (name, args) => {
      const h = helpers.get(name);
      if (!h) return undefined;
      if (args === undefined) return h.args.length === 0 ? inline(h.node) : undefined;
      return bindArgs(h, args, inline);
    });
  return inline(node);
}

function bindArgs(h: Helper, args: MathNode[], inline: (n: MathNode) => MathNode): MathNode | undefined {
  if (args.length !== h.args.length) return undefined;
  const bound = new Map(h.args.map((a, k) => [a, args[k] as MathNode]));
  return inline(substitute(h.node, (n, inner) => (inner === undefined ? bound.get(n) : undefined)));
}
