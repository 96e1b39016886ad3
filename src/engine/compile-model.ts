import type { MathNode } from "mathjs";
import {
  type CodegenScope,
  callsOf,
  differentiate,
  ExpressionError,
  substitute,
  symbolsOf,
  toJs,
} from "./expression.ts";
import type { Helper, Model } from "./model.ts";

/**
 * Right-hand side of the model: writes dx/dt into `out`; when `diag` is given, also writes each rate's
 * partial derivative with respect to its own state (what the exponential integrator needs).
 */
export type Rhs = (
  t: number,
  y: ArrayLike<number>,
  p: Float64Array,
  inp: Float64Array,
  out: Float64Array | number[],
  diag: Float64Array | null,
) => void;

/** Writes the value of every argument-free helper into `out`, in `model.helpers` order (argument helpers read NaN). */
export type HelperValues = (y: ArrayLike<number>, p: Float64Array, inp: Float64Array, out: Float64Array) => void;

export interface CompiledModel {
  model: Model;
  rhs: Rhs;
  helperValues: HelperValues;
  /** How each state's self-derivative was obtained: symbolically from the rate, or by finite difference. */
  diagonal: ("symbolic" | "numeric")[];
  /** Whether each rate is linear in its own state (then exponential Euler is exact for frozen others). */
  linearInOwnState: boolean[];
  /** The generated JavaScript, kept for inspection and error messages. */
  source: string;
}

const cache = new WeakMap<Model, CompiledModel>();

/**
 * Turns the model's mathjs expressions into one plain JavaScript function. The source is built only
 * from checked node types: numbers, array slots for names, arithmetic and whitelisted Math calls.
 */
export function compileModel(model: Model): CompiledModel {
  const hit = cache.get(model);
  if (hit) return hit;

  const stateIx = new Map(model.states.map((s) => [s.name, s.index]));
  const inputIx = new Map(model.inputs.map((i) => [i.name, i.index]));
  const paramIx = new Map(model.parameters.map((p) => [p.name, p.index]));
  const helperByName = new Map(model.helpers.map((h) => [h.name, h]));
  const argHelpers = model.helpers.filter((h) => h.args.length > 0);
  const plainHelpers = model.helpers.filter((h) => h.args.length === 0);

  const jsName = (prefix: string, name: string) => `${prefix}_${name}`;
  const callArgHelper = (name: string, args: string[]) => {
    const h = helperByName.get(name);
    if (!h || h.args.length === 0) return undefined;
    if (args.length !== h.args.length) {
      throw new ExpressionError(`helper "${name}" takes ${h.args.length} argument(s), not ${args.length}`, name);
    }
    return `${jsName("f", name)}(${args.join(", ")}, p)`;
  };
  const paramOrFail = (name: string) => {
    const k = paramIx.get(name);
    return k === undefined ? undefined : `p[${k}]`;
  };

  // Inside the rate function a name is, in order: a state, an input, a helper, a parameter.
  const bodyScope: CodegenScope = {
    value(name) {
      if (stateIx.has(name)) return jsName("s", name);
      if (inputIx.has(name)) return jsName("i", name);
      const h = helperByName.get(name);
      if (h && h.args.length === 0) return jsName("h", name);
      return paramOrFail(name);
    },
    call: callArgHelper,
  };

  const lines: string[] = ['"use strict";'];
  for (const h of argHelpers) {
    const scope: CodegenScope = {
      value: (name) => (h.args.includes(name) ? jsName("a", name) : paramOrFail(name)),
      call: callArgHelper,
    };
    lines.push(
      `function ${jsName("f", h.name)}(${h.args.map((a) => jsName("a", a)).join(", ")}, p) { return ${withContext(h.name, () => toJs(h.node, scope))}; }`,
    );
  }

  const prelude: string[] = [];
  for (const s of model.states) prelude.push(`const ${jsName("s", s.name)} = y[${s.index}];`);
  for (const i of model.inputs) prelude.push(`const ${jsName("i", i.name)} = inp[${i.index}];`);
  for (const h of plainHelpers)
    prelude.push(`const ${jsName("h", h.name)} = ${withContext(h.name, () => toJs(h.node, bodyScope))};`);

  const rates = model.states.map((s) => `out[${s.index}] = ${withContext(s.name, () => toJs(s.node, bodyScope))};`);

  const diagonal: ("symbolic" | "numeric")[] = [];
  const linearInOwnState: boolean[] = [];
  const diagLines: string[] = [];
  for (const s of model.states) {
    const inlined = inlineDependents(s.node, s.name, model.helpers, helperByName);
    try {
      const d = differentiate(inlined, s.name);
      diagLines.push(`diag[${s.index}] = ${toJs(d, bodyScope)};`);
      diagonal.push("symbolic");
      linearInOwnState.push(!symbolsOf(differentiate(d, s.name)).size && isZero(differentiate(d, s.name)));
    } catch {
      diagonal.push("numeric");
      linearInOwnState.push(false);
    }
  }

  lines.push(
    "const rhs = function rhs(t, y, p, inp, out, diag) {",
    ...prelude,
    ...rates,
    "if (diag !== null) {",
    ...diagLines,
    "}",
    "};",
    "const helperValues = function helperValues(y, p, inp, out) {",
    ...prelude,
    ...model.helpers.map((h, k) => `out[${k}] = ${h.args.length ? "NaN" : jsName("h", h.name)};`),
    "};",
    "return { rhs, helperValues };",
  );
  const source = lines.join("\n");
  // The source holds no text from the model file except numbers and names mapped to fixed identifiers.
  const built = new Function(source)() as { rhs: Rhs; helperValues: HelperValues };
  const rhs = diagonal.includes("numeric") ? withNumericDiagonal(built.rhs, diagonal) : built.rhs;
  const compiled: CompiledModel = { model, rhs, helperValues: built.helperValues, diagonal, linearInOwnState, source };
  cache.set(model, compiled);
  return compiled;
}

function withContext(where: string, emit: () => string): string {
  try {
    return emit();
  } catch (err) {
    if (err instanceof ExpressionError) throw new ExpressionError(`in ${where}: ${err.message}`, err.symbol);
    throw err;
  }
}

function isZero(node: MathNode): boolean {
  return node.type === "ConstantNode" && (node as MathNode & { value: number }).value === 0;
}

/**
 * Inlines every helper that depends on `state` (and every helper called with arguments), leaving the
 * others as plain names, so that the derivative is exact yet stays small.
 */
function inlineDependents(node: MathNode, state: string, helpers: Helper[], byName: Map<string, Helper>): MathNode {
  const dependent = new Set<string>();
  for (const h of helpers) {
    const uses = [...symbolsOf(h.node), ...callsOf(h.node)];
    if (h.args.length > 0 || uses.includes(state) || uses.some((u) => dependent.has(u))) dependent.add(h.name);
  }
  const replace = (name: string, args?: MathNode[]): MathNode | undefined => {
    const h = byName.get(name);
    if (!h || !dependent.has(name)) return undefined;
    if (h.args.length === 0) return args === undefined ? h.node : undefined;
    if (args === undefined || args.length !== h.args.length) return undefined;
    const bound = new Map(h.args.map((a, k) => [a, args[k] as MathNode]));
    return substitute(h.node, (n, innerArgs) => (innerArgs === undefined ? bound.get(n) : replace(n, innerArgs)));
  };
  return substitute(node, replace);
}

// For a rate whose symbolic derivative is unavailable (min/max), a central difference stands in.
function withNumericDiagonal(inner: Rhs, diagonal: ("symbolic" | "numeric")[]): Rhs {
  const numeric = diagonal.flatMap((d, i) => (d === "numeric" ? [i] : []));
  let plus = new Float64Array(0);
  let minus = new Float64Array(0);
  let yy = new Float64Array(0);
  return (t, y, p, inp, out, diag) => {
    inner(t, y, p, inp, out, diag);
    if (diag === null) return;
    if (yy.length !== y.length) {
      plus = new Float64Array(y.length);
      minus = new Float64Array(y.length);
      yy = new Float64Array(y.length);
    }
    for (const i of numeric) {
      yy.set(y as ArrayLike<number>);
      const yi = y[i] as number;
      const h = 1e-7 * Math.max(1, Math.abs(yi));
      yy[i] = yi + h;
      inner(t, yy, p, inp, plus, null);
      yy[i] = yi - h;
      inner(t, yy, p, inp, minus, null);
      diag[i] = ((plus[i] as number) - (minus[i] as number)) / (2 * h);
    }
  };
}
