import type { MathNode } from "mathjs";
import { hostForbidsEval } from "../host-eval.ts";
import type { Helper, Model } from "../model/model.ts";
import {
  type CodegenScope,
  constantNode,
  differentiate,
  ExpressionError,
  fold,
  INTEGER_POWER_FUNCTIONS,
  MAX_PRODUCT_POWER,
  RUNTIME,
  substitute,
  symbolsOf,
  toJs,
} from "./expression.ts";
import { inlineDependents } from "./inline-helpers.ts";
import { type JacobianFn, withNumericColumns } from "./jacobian-numeric.ts";
import { type JacobianEntry, type JacobianTerms, jacobianTerms } from "./jacobian-terms.ts";
import { ProgramBuilder, type RegisterScope, run } from "./register-program.ts";

export type { JacobianFn } from "./jacobian-numeric.ts";

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
  /** The rates and their full Jacobian (states and inputs), from mathjs symbolic derivatives. */
  jacobian: JacobianFn;
  helperValues: HelperValues;
  /** How each state's self-derivative was obtained: symbolically from the rate, or by finite difference. */
  diagonal: ("symbolic" | "numeric")[];
  /** Whether each rate is linear in its own state (then exponential Euler is exact for frozen others). */
  linearInOwnState: boolean[];
  /** The generated JavaScript, kept for inspection and error messages (empty for closures). */
  source: string;
  /**
   * "function": one generated function; "closures" (the name kept from its first form): register
   * instructions run by one loop (register-program.ts), used where eval is forbidden.
   */
  backend: "function" | "closures";
  /** What the function back end produced, as data a later compile of the same model can start from. */
  precompiled?: PrecompiledRates;
}

/**
 * A compile of one model by the function back end as plain data (JSON-safe): the generated source and
 * what the symbolic derivatives found. Handing it back to `compileModel` for the same model and the
 * same engine skips parsing the derivatives and generating the code; a host that keeps it (the command
 * line's cache) must key it by both, since nothing in it names the model it came from.
 */
export interface PrecompiledRates {
  source: string;
  diagonal: ("symbolic" | "numeric")[];
  linearInOwnState: boolean[];
  numericStates: number[];
  numericInputs: number[];
}

const cache = new WeakMap<Model, CompiledModel>();

/** What "auto" tries first; "closures" where the host knows eval is forbidden, so no refused attempt is reported. */
let autoBackend: "function" | "closures" = hostForbidsEval() ? "closures" : "function";

/** Sets what "auto" compiles to first (a page whose Content-Security-Policy forbids eval says "closures"). */
export function setAutoBackend(backend: "function" | "closures"): void {
  autoBackend = backend;
}

/** Where a name in an expression lives: an array slot of its kind, or an argument of a helper. */
type Slot = { kind: "state" | "input" | "helper" | "param" | "arg"; index: number };

/** The model's expressions in evaluation order, with names resolved: what both back ends compile. */
interface Program {
  argHelpers: Helper[];
  plainHelpers: Helper[];
  rates: MathNode[];
  /** Each rate's derivative with respect to its own state, or null where it must be numeric. */
  diag: (MathNode | null)[];
  linearInOwnState: boolean[];
  jac: JacobianTerms;
  /** Inside the rate function a name is, in order: an argument, a state, an input, a helper, a parameter. */
  resolve(name: string, args?: readonly string[]): Slot | undefined;
  argHelper(name: string): Helper | undefined;
}

function buildProgram(model: Model): Program {
  const stateIx = new Map(model.states.map((s) => [s.name, s.index]));
  const inputIx = new Map(model.inputs.map((i) => [i.name, i.index]));
  // A switch is read like a parameter: its 0/1 value sits in the slot after the model's parameters.
  const paramIx = new Map([
    ...model.parameters.map((p) => [p.name, p.index] as const),
    ...model.switches.map((s) => [s.name, model.parameters.length + s.index] as const),
  ]);
  const helperByName = new Map(model.helpers.map((h) => [h.name, h]));
  const plainHelpers = model.helpers.filter((h) => h.args.length === 0);
  const plainIx = new Map(plainHelpers.map((h, k) => [h.name, k]));
  // A fixed parameter cannot change from run to run: it is compiled as its value, so that C^P3 at
  // P3 = 3 becomes C·C·C instead of a Math.pow call in the hot loop.
  const fixed = new Map(model.parameters.filter((p) => p.fixed).map((p) => [p.name, p.default]));
  const bake = (node: MathNode, args: readonly string[] = []): MathNode =>
    fixed.size === 0
      ? node
      : fold(
          substitute(node, (name, callArgs) => {
            const v = callArgs === undefined && !args.includes(name) ? fixed.get(name) : undefined;
            return v === undefined ? undefined : constantNode(v);
          }),
        );
  const bakeHelper = (h: Helper): Helper => ({ ...h, node: bake(h.node, h.args) });
  const bakeEntry = (e: JacobianEntry): JacobianEntry => ({ ...e, node: bake(e.node) });
  const jac = jacobianTerms(model, helperByName);
  const diag: (MathNode | null)[] = [];
  const linearInOwnState: boolean[] = [];
  for (const s of model.states) {
    try {
      const d = differentiate(inlineDependents(s.node, s.name, model.helpers, helperByName), s.name);
      const dd = differentiate(d, s.name);
      diag.push(bake(d));
      linearInOwnState.push(!symbolsOf(dd).size && isZero(dd));
    } catch {
      diag.push(null);
      linearInOwnState.push(false);
    }
  }
  return {
    argHelpers: model.helpers.filter((h) => h.args.length > 0).map(bakeHelper),
    plainHelpers: plainHelpers.map(bakeHelper),
    rates: model.states.map((s) => bake(s.node)),
    diag,
    linearInOwnState,
    jac: { ...jac, states: jac.states.map(bakeEntry), inputs: jac.inputs.map(bakeEntry) },
    resolve(name, args) {
      if (args) {
        // A helper with arguments sees only its arguments and the parameters.
        const a = args.indexOf(name);
        if (a >= 0) return { kind: "arg", index: a };
        const k = paramIx.get(name);
        return k === undefined ? undefined : { kind: "param", index: k };
      }
      const table: [Slot["kind"], Map<string, number>][] = [
        ["state", stateIx],
        ["input", inputIx],
        ["helper", plainIx],
        ["param", paramIx],
      ];
      for (const [kind, map] of table) {
        const index = map.get(name);
        if (index !== undefined) return { kind, index };
      }
      return undefined;
    },
    argHelper(name) {
      const h = helperByName.get(name);
      return h && h.args.length > 0 ? h : undefined;
    },
  };
}

function checkArity(h: Helper, given: number): void {
  if (given !== h.args.length) {
    throw new ExpressionError(`helper "${h.name}" takes ${h.args.length} argument(s), not ${given}`, h.name);
  }
}

/**
 * Compiles the model into one plain JavaScript function (new Function over generated source). The
 * source is built only from checked node types: numbers, array slots for names, arithmetic and
 * whitelisted Math calls — no text from the model file but numbers and names mapped to fixed
 * identifiers. Where the page's Content-Security-Policy forbids that, the same program is compiled
 * to register instructions instead (slower; see `backend`).
 */
export function compileModel(
  model: Model,
  backend: "auto" | "function" | "closures" = "auto",
  precompiled?: PrecompiledRates,
): CompiledModel {
  const hit = backend === "auto" ? cache.get(model) : undefined;
  if (hit) return hit;
  const reused = precompiled && backend !== "closures" ? fromPrecompiled(model, precompiled) : undefined;
  if (reused) {
    if (backend === "auto") cache.set(model, reused);
    return reused;
  }
  const program = buildProgram(model);
  let built: Emitted;
  if (backend === "closures" || (backend === "auto" && autoBackend === "closures")) {
    built = emitRegisterProgram(model, program);
  } else {
    try {
      built = emitFunction(model, program);
    } catch (err) {
      // EvalError: the page's policy forbids generated code; anything else is a real error.
      if (backend === "function" || !(err instanceof EvalError)) throw err;
      built = emitRegisterProgram(model, program);
    }
  }
  const diagonal = program.diag.map((d) => (d === null ? "numeric" : "symbolic"));
  const compiled = assemble(model, built, {
    diagonal,
    linearInOwnState: program.linearInOwnState,
    numericStates: program.jac.numericStates,
    numericInputs: program.jac.numericInputs,
  });
  if (backend === "auto") cache.set(model, compiled);
  return compiled;
}

type Emitted = Omit<CompiledModel, "model" | "diagonal" | "linearInOwnState" | "precompiled">;

/** The compiled model from what a back end emitted and what the derivatives found. */
function assemble(model: Model, built: Emitted, facts: Omit<PrecompiledRates, "source">): CompiledModel {
  const { diagonal } = facts;
  const rhs = diagonal.includes("numeric") ? withNumericDiagonal(built.rhs, diagonal) : built.rhs;
  return {
    model,
    ...built,
    rhs,
    jacobian: withNumericColumns(built.jacobian, built.rhs, model.states.length, model.inputs.length, facts),
    diagonal,
    linearInOwnState: facts.linearInOwnState,
    ...(built.backend === "function" ? { precompiled: { source: built.source, ...facts } } : {}),
  };
}

/**
 * The model compiled from an earlier compile's data, or undefined when that data does not fit the model
 * (other sizes, indices out of range, a source that does not evaluate to the three functions) or the
 * host forbids generated code: the caller then compiles from the model's expressions.
 */
function fromPrecompiled(model: Model, pre: PrecompiledRates): CompiledModel | undefined {
  const n = model.states.length;
  const m = model.inputs.length;
  const indices = (list: unknown, size: number) =>
    Array.isArray(list) && list.every((k) => Number.isInteger(k) && k >= 0 && k < size);
  const fits =
    typeof pre?.source === "string" &&
    Array.isArray(pre.diagonal) &&
    pre.diagonal.length === n &&
    pre.diagonal.every((d) => d === "symbolic" || d === "numeric") &&
    Array.isArray(pre.linearInOwnState) &&
    pre.linearInOwnState.length === n &&
    pre.linearInOwnState.every((b) => typeof b === "boolean") &&
    indices(pre.numericStates, n) &&
    indices(pre.numericInputs, m);
  if (!fits || autoBackend === "closures") return undefined;
  let fns: { rhs?: unknown; jacobian?: unknown; helperValues?: unknown };
  try {
    fns = new Function("rt", pre.source)(RUNTIME);
  } catch {
    return undefined;
  }
  if (typeof fns?.rhs !== "function" || typeof fns.jacobian !== "function" || typeof fns.helperValues !== "function")
    return undefined;
  const built: Emitted = {
    rhs: fns.rhs as Rhs,
    jacobian: fns.jacobian as JacobianFn,
    helperValues: fns.helperValues as HelperValues,
    source: pre.source,
    backend: "function",
  };
  return assemble(model, built, {
    diagonal: [...pre.diagonal],
    linearInOwnState: [...pre.linearInOwnState],
    numericStates: [...pre.numericStates],
    numericInputs: [...pre.numericInputs],
  });
}

function emitFunction(model: Model, program: Program): Emitted {
  const jsName = (prefix: string, name: string) => `${prefix}_${name}`;
  const slotJs = (slot: Slot, name: string) => {
    switch (slot.kind) {
      case "state":
        return jsName("s", name);
      case "input":
        return jsName("i", name);
      case "helper":
        return jsName("h", name);
      case "arg":
        return jsName("a", name);
      case "param":
        return `p[${slot.index}]`;
    }
  };
  const call = (name: string, args: string[]) => {
    const h = program.argHelper(name);
    if (!h) return undefined;
    checkArity(h, args.length);
    return `${jsName("f", name)}(${args.join(", ")}, p)`;
  };
  const scope = (args?: readonly string[]): CodegenScope => ({
    value: (name) => {
      const slot = program.resolve(name, args);
      return slot ? slotJs(slot, name) : undefined;
    },
    call,
  });
  const body = scope();
  const lines: string[] = ['"use strict";', INTEGER_POWER_FUNCTIONS];
  for (const h of program.argHelpers) {
    const params = h.args.map((a) => jsName("a", a)).join(", ");
    lines.push(
      `function ${jsName("f", h.name)}(${params}, p) { return ${withContext(h.name, () => toJs(h.node, scope(h.args)))}; }`,
    );
  }
  const prelude: string[] = [];
  for (const s of model.states) prelude.push(`const ${jsName("s", s.name)} = y[${s.index}];`);
  for (const i of model.inputs) prelude.push(`const ${jsName("i", i.name)} = inp[${i.index}];`);
  for (const h of program.plainHelpers) {
    prelude.push(`const ${jsName("h", h.name)} = ${withContext(h.name, () => toJs(h.node, body))};`);
  }
  const rates = model.states.map(
    (s, i) => `out[${i}] = ${withContext(s.name, () => toJs(program.rates[i] as MathNode, body))};`,
  );
  const diagLines = program.diag.flatMap((d, i) => (d ? [`diag[${i}] = ${toJs(d, body)};`] : []));
  const n = model.states.length;
  const m = model.inputs.length;
  // The derivatives repeat the same exp() and powers many times: each is computed once, in a local.
  const common = new Map<string, string>();
  const commonLines: string[] = [];
  const jacScope: CodegenScope = {
    ...body,
    intern: (js) => {
      let local = common.get(js);
      if (local === undefined) {
        local = `c${common.size}`;
        common.set(js, local);
        commonLines.push(`const ${local} = ${js};`);
      }
      return local;
    },
  };
  const jacLines = [
    ...program.jac.states.map((e) => `J[${e.row * n + e.col}] = ${toJs(e.node, jacScope)};`),
    ...program.jac.inputs.map((e) => `Ji[${e.row * m + e.col}] = ${toJs(e.node, jacScope)};`),
  ];
  lines.push(
    "const rhs = function rhs(t, y, p, inp, out, diag) {",
    ...prelude,
    ...rates,
    "if (diag !== null) {",
    ...diagLines,
    "}",
    "};",
    "const jacobian = function jacobian(t, y, p, inp, out, J, Ji) {",
    ...prelude,
    ...rates,
    ...commonLines,
    ...jacLines,
    "};",
    "const helperValues = function helperValues(y, p, inp, out) {",
    ...prelude,
    ...model.helpers.map((h, k) => `out[${k}] = ${h.args.length ? "NaN" : jsName("h", h.name)};`),
    "};",
    "return { rhs, jacobian, helperValues };",
  );
  const source = lines.join("\n");
  // `rt` carries the functions Math lacks (erf, step); nothing else from outside reaches the source.
  const fns = new Function("rt", source)(RUNTIME) as { rhs: Rhs; jacobian: JacobianFn; helperValues: HelperValues };
  return { ...fns, source, backend: "function" };
}

function emitRegisterProgram(model: Model, program: Program): Emitted {
  const n = model.states.length;
  const m = model.inputs.length;
  // Registers: the states, the inputs, then (allocated as the expressions need them) the parameters
  // read, constants, helper values, helper arguments and intermediate results.
  const b = new ProgramBuilder(n + m);
  const plainReg = new Map<number, number>();
  const helper = (name: string) => {
    const h = program.argHelper(name);
    return h && { args: h.args, node: h.node, scope: (argRegs: number[]) => scope(h.args, argRegs) };
  };
  const scope = (args?: readonly string[], argRegs?: number[]): RegisterScope => ({
    value: (name) => {
      const slot = program.resolve(name, args);
      if (!slot) return undefined;
      const k = slot.index;
      switch (slot.kind) {
        case "state":
          return k;
        case "input":
          return n + k;
        case "helper":
          return plainReg.get(k);
        case "arg":
          return (argRegs as number[])[k];
        case "param":
          return b.param(k);
      }
    },
    helper,
  });
  const body = scope();
  // Block 1, every call: the helpers, then the rates.
  program.plainHelpers.forEach((h, k) => {
    plainReg.set(
      k,
      withContext(h.name, () => b.expression(h.node, body)),
    );
  });
  const rateRegs = program.rates.map((r, i) => withContext(model.states[i]?.name ?? "", () => b.expression(r, body)));
  const ratesBlock = b.end();
  // Block 2, when asked: each rate's derivative with respect to its own state.
  const diagRegs = program.diag.map((d) => (d ? b.expression(d, body) : -1));
  const diagBlock = b.end();
  // Block 3, the Jacobian: its repeated exp() and powers computed once, as the generated code's locals.
  const keyScope: CodegenScope = {
    value: (name) => {
      const slot = program.resolve(name);
      return slot ? `${slot.kind}${slot.index}` : undefined;
    },
    call: (name, args) => (program.argHelper(name) ? `f_${name}(${args.join(", ")})` : undefined),
  };
  const jacScope: RegisterScope = { ...body, key: (node) => (internable(node) ? toJs(node, keyScope) : undefined) };
  const jacStates = program.jac.states.map((e) => [e.row * n + e.col, b.expression(e.node, jacScope)] as const);
  const jacInputs = program.jac.inputs.map((e) => [e.row * m + e.col, b.expression(e.node, jacScope)] as const);
  const jacBlock = b.end();
  const hoisted = b.hoistedBlock();
  const r = b.registers();
  const { fns } = b;
  const lists = b.callLists();
  const { paramSrc, paramDst } = b.paramCopies();
  const rateAt = Int32Array.from(rateRegs);
  const diagAt = Int32Array.from(diagRegs);
  const jStateK = Int32Array.from(jacStates, ([k]) => k);
  const jStateAt = Int32Array.from(jacStates, ([, reg]) => reg);
  const jInputK = Int32Array.from(jacInputs, ([k]) => k);
  const jInputAt = Int32Array.from(jacInputs, ([, reg]) => reg);
  let primed = false;
  const prepare = (y: ArrayLike<number>, p: Float64Array, inp: Float64Array) => {
    for (let i = 0; i < n; i++) r[i] = y[i] as number;
    for (let k = 0; k < m; k++) r[n + k] = inp[k] as number;
    // What depends on the parameters alone is recomputed only when one of them changed (a new run,
    // a switch flipped): Object.is, so that 0 and −0 count as different.
    let changed = !primed;
    for (let k = 0; k < paramSrc.length; k++) {
      const dst = paramDst[k] as number;
      const v = p[paramSrc[k] as number] as number;
      if (!Object.is(r[dst], v)) {
        r[dst] = v;
        changed = true;
      }
    }
    if (changed) {
      run(hoisted, r, fns, lists);
      primed = true;
    }
    run(ratesBlock, r, fns, lists);
  };
  const rhs: Rhs = (_t, y, p, inp, out, diag) => {
    prepare(y, p, inp);
    for (let i = 0; i < n; i++) out[i] = r[rateAt[i] as number] as number;
    if (diag !== null) {
      run(diagBlock, r, fns, lists);
      for (let i = 0; i < n; i++) {
        const k = diagAt[i] as number;
        if (k >= 0) diag[i] = r[k] as number;
      }
    }
  };
  const jacobian: JacobianFn = (_t, y, p, inp, out, J, Ji) => {
    prepare(y, p, inp);
    for (let i = 0; i < n; i++) out[i] = r[rateAt[i] as number] as number;
    run(jacBlock, r, fns, lists);
    for (let k = 0; k < jStateK.length; k++) J[jStateK[k] as number] = r[jStateAt[k] as number] as number;
    for (let k = 0; k < jInputK.length; k++) Ji[jInputK[k] as number] = r[jInputAt[k] as number] as number;
  };
  const plainIndex = new Map(program.plainHelpers.map((h, k) => [h.name, k]));
  const helperValues: HelperValues = (y, p, inp, out) => {
    prepare(y, p, inp);
    model.helpers.forEach((h, k) => {
      out[k] = h.args.length ? Number.NaN : (r[plainReg.get(plainIndex.get(h.name) as number) as number] as number);
    });
  };
  return { rhs, jacobian, helperValues, source: "", backend: "closures" };
}

/** What the generated code keeps in a local of its own: a Math call, or a power that is not a product. */
function internable(node: MathNode): boolean {
  if (node.type === "FunctionNode") return true;
  if (node.type !== "OperatorNode" || (node as MathNode & { fn: string }).fn !== "pow") return false;
  const exponent = (node as MathNode & { args: MathNode[] }).args[1] as MathNode;
  if (exponent.type !== "ConstantNode") return true;
  const e = (exponent as MathNode & { value: number }).value;
  return !(Number.isInteger(e) && Math.abs(e) <= MAX_PRODUCT_POWER);
}

function withContext<T>(where: string, emit: () => T): T {
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
