import type { MathNode } from "mathjs";
import { callsOf, functionName, symbolsOf } from "./expression.ts";
import type { Helper, Model } from "./model.ts";
import {
  DIMENSIONLESS,
  divide,
  formatUnit,
  isDimensionless,
  type Linear,
  multiply,
  parseUnit,
  power,
  sameUnit,
  UnitError,
  type UnitValue,
} from "./units.ts";

/** A unit problem in a model file: the field it is in and what is wrong. */
export interface UnitIssue {
  path: (string | number)[];
  message: string;
}

/** Stands for a unit that cannot be known (an exponent that is a state, say): it agrees with anything. */
const UNKNOWN = "unknown" as const;
type U = UnitValue | typeof UNKNOWN;

class Mismatch extends Error {}

/** Functions whose argument must be a pure number and whose value is one. */
const NUMBER_FUNCTIONS = new Set(["exp", "log", "log10", "sin", "cos", "tan", "tanh", "sinh", "cosh"]);

/**
 * Checks that every rate has the unit of its state per time unit. Names carry their declared units;
 * a helper without a unit gets the unit of its expression; a helper with arguments is checked at each
 * call with the units of what it is given. Tolerated, because their unit cannot be known: a power
 * whose exponent is not a number or a linear expression in parameters (then the term's unit is not
 * checked), and a bare 0 (it agrees with any unit). Other bare numbers are pure numbers.
 */
export function checkUnits(model: Model): UnitIssue[] {
  return analyseUnits(model).issues;
}

/** The unit of every helper without arguments: declared, or inferred from its expression where known. */
export function helperUnits(model: Model): Map<string, UnitValue | undefined> {
  const { helperUnits: units } = analyseUnits(model);
  return new Map(
    model.helpers
      .filter((h) => h.args.length === 0)
      .map((h) => {
        const u = units.get(h.name);
        return [h.name, u === UNKNOWN ? undefined : u];
      }),
  );
}

function analyseUnits(model: Model): { issues: UnitIssue[]; helperUnits: Map<string, U> } {
  const issues: UnitIssue[] = [];
  const units = new Map<string, U>();
  const declared = (path: (string | number)[], text: string): U => {
    try {
      return parseUnit(text);
    } catch (err) {
      if (!(err instanceof UnitError)) throw err;
      issues.push({ path, message: err.message });
      return UNKNOWN;
    }
  };
  const timeUnit = declared(["time", "unit"], model.timeUnit);
  for (const p of model.parameters) units.set(`param:${p.name}`, declared(["parameters", p.name, "unit"], p.unit));
  for (const i of model.inputs) units.set(`input:${i.name}`, declared(["inputs", i.name, "unit"], i.unit));
  for (const s of model.states) units.set(`state:${s.name}`, declared(["states", s.name, "unit"], s.unit));
  const helperUnits = new Map<string, U>();
  for (const h of model.helpers) {
    if (h.unitGiven) helperUnits.set(h.name, declared(["helpers", h.name, "unit"], h.unit));
  }
  if (issues.length) return { issues, helperUnits };

  const describe = describer(model);
  const usedBy = ratesUsing(model);
  const ctx: Ctx = { model, units, helperUnits, describe };

  for (const h of model.helpers) {
    if (h.args.length > 0) continue;
    const path = ["helpers", h.name, "expr"];
    try {
      const u = unitOf(h.node, ctx, undefined);
      const given = helperUnits.get(h.name);
      if (given !== undefined && given !== UNKNOWN && u !== UNKNOWN && !sameUnit(u, given)) {
        throw new Mismatch(`${h.name} is in ${describe(u)}, but its unit says ${h.unit}`);
      }
      if (given === undefined) helperUnits.set(h.name, u);
    } catch (err) {
      if (!(err instanceof Mismatch)) throw err;
      const states = usedBy.get(h.name) ?? [];
      const where = states.length ? ` (${h.name} is used in the rate of ${states.join(", ")})` : "";
      issues.push({ path, message: `${err.message}${where}` });
      helperUnits.set(h.name, UNKNOWN);
    }
  }

  for (const s of model.states) {
    const own = units.get(`state:${s.name}`) as U;
    if (own === UNKNOWN || timeUnit === UNKNOWN) continue;
    const want = divide(own, timeUnit);
    const path = ["states", s.name, "rate"];
    try {
      for (const term of termsOf(s.node)) {
        const u = unitOf(term, ctx, undefined);
        if (u !== UNKNOWN && !sameUnit(u, want)) {
          throw new Mismatch(
            `the rate of ${s.name} must be in ${s.unit} per ${model.timeUnit} (${describe(want)}), but its term "${term.toString()}" is in ${describe(u)}`,
          );
        }
      }
    } catch (err) {
      if (!(err instanceof Mismatch)) throw err;
      issues.push({ path, message: err.message });
    }
  }
  return { issues, helperUnits };
}

interface Ctx {
  model: Model;
  units: Map<string, U>;
  helperUnits: Map<string, U>;
  describe: (u: UnitValue) => string;
}

/** The terms of a sum at the top of a rate, each with its sign dropped. */
function termsOf(node: MathNode): MathNode[] {
  const n = node as MathNode & { fn?: string; args?: MathNode[]; content?: MathNode };
  if (node.type === "ParenthesisNode") return termsOf(n.content as MathNode);
  if (node.type === "OperatorNode" && (n.fn === "add" || n.fn === "subtract") && n.args?.length === 2)
    return n.args.flatMap(termsOf);
  if (node.type === "OperatorNode" && (n.fn === "unaryMinus" || n.fn === "unaryPlus"))
    return termsOf(n.args?.[0] as MathNode);
  return [node];
}

function unitOf(node: MathNode, ctx: Ctx, args: Map<string, U> | undefined): U {
  const n = node as MathNode & { fn: string; args: MathNode[]; name: string; value: number; content: MathNode };
  const show = (x: MathNode) => `"${x.toString()}"`;
  switch (node.type) {
    case "ConstantNode":
      return n.value === 0 ? UNKNOWN : DIMENSIONLESS;
    case "ParenthesisNode":
      return unitOf(n.content, ctx, args);
    case "SymbolNode":
      return symbolUnit(n.name, ctx, args);
    case "OperatorNode": {
      const parts = n.args.map((a) => unitOf(a, ctx, args));
      const [a, b] = parts as [U, U];
      switch (n.fn) {
        case "unaryMinus":
        case "unaryPlus":
          return a;
        case "add":
        case "subtract":
          return agree(
            n.args,
            parts,
            ctx,
            (x, y) => `${show(x)} and ${show(y)} are ${n.fn === "add" ? "added" : "subtracted"}`,
          );
        case "multiply":
          return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : multiply(a, b);
        case "divide":
          return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : divide(a, b);
        case "pow":
          return powerUnit(n.args[0] as MathNode, a, n.args[1] as MathNode, b, ctx, args);
      }
      return UNKNOWN;
    }
    case "FunctionNode": {
      const name = functionName(node);
      const parts = n.args.map((a) => unitOf(a, ctx, args));
      const helper = ctx.model.helpers.find((h) => h.name === name && h.args.length > 0);
      if (helper) return callUnit(helper, parts, ctx, node);
      if (NUMBER_FUNCTIONS.has(name)) {
        const u = parts[0] as U;
        if (u !== UNKNOWN && !isDimensionless(u)) {
          throw new Mismatch(
            `${name}() needs a pure number, but ${show(n.args[0] as MathNode)} is in ${ctx.describe(u)}`,
          );
        }
        return DIMENSIONLESS;
      }
      if (name === "sqrt")
        return parts[0] === UNKNOWN ? UNKNOWN : (power(parts[0] as UnitValue, { "": 0.5 }) ?? UNKNOWN);
      if (name === "abs") return parts[0] as U;
      if (name === "pow")
        return powerUnit(n.args[0] as MathNode, parts[0] as U, n.args[1] as MathNode, parts[1] as U, ctx, args);
      if (name === "min" || name === "max")
        return agree(n.args, parts, ctx, (x, y) => `${name}() compares ${show(x)} with ${show(y)}`);
      return UNKNOWN;
    }
  }
  return UNKNOWN;
}

function symbolUnit(name: string, ctx: Ctx, args: Map<string, U> | undefined): U {
  if (args) {
    const a = args.get(name);
    if (a !== undefined) return a;
    return ctx.units.get(`param:${name}`) ?? UNKNOWN;
  }
  if (name === "pi" || name === "e") return DIMENSIONLESS;
  for (const kind of ["state", "input"]) {
    const u = ctx.units.get(`${kind}:${name}`);
    if (u !== undefined) return u;
  }
  return ctx.helperUnits.get(name) ?? ctx.units.get(`param:${name}`) ?? UNKNOWN;
}

function agree(nodes: MathNode[], parts: U[], ctx: Ctx, what: (a: MathNode, b: MathNode) => string): U {
  let first: { node: MathNode; unit: UnitValue } | undefined;
  parts.forEach((u, k) => {
    if (u === UNKNOWN) return;
    const node = nodes[k] as MathNode;
    if (!first) first = { node, unit: u };
    else if (!sameUnit(first.unit, u)) {
      throw new Mismatch(
        `${what(first.node, node)}, but they are in different units: ${ctx.describe(first.unit)} and ${ctx.describe(u)}`,
      );
    }
  });
  return first?.unit ?? UNKNOWN;
}

function powerUnit(base: MathNode, b: U, exponent: MathNode, e: U, ctx: Ctx, args: Map<string, U> | undefined): U {
  if (e !== UNKNOWN && !isDimensionless(e)) {
    throw new Mismatch(`the exponent "${exponent.toString()}" must be a pure number, but it is in ${ctx.describe(e)}`);
  }
  if (b === UNKNOWN) return UNKNOWN;
  if (isDimensionless(b) && Object.keys(b.log10Factor).length === 0) return DIMENSIONLESS;
  const k = exponentOf(exponent, ctx.model, args);
  if (!k) return UNKNOWN;
  void base;
  return power(b, k) ?? UNKNOWN;
}

/** An exponent as a linear expression in the parameters a user can change (fixed ones are numbers). */
function exponentOf(node: MathNode, model: Model, args: Map<string, U> | undefined): Linear | undefined {
  const n = node as MathNode & { fn: string; args: MathNode[]; name: string; value: number; content: MathNode };
  switch (node.type) {
    case "ConstantNode":
      return { "": n.value };
    case "ParenthesisNode":
      return exponentOf(n.content, model, args);
    case "SymbolNode": {
      if (args?.has(n.name)) return undefined;
      const isValue =
        !args &&
        (model.states.some((s) => s.name === n.name) ||
          model.inputs.some((i) => i.name === n.name) ||
          model.helpers.some((h) => h.name === n.name));
      const p = model.parameters.find((q) => q.name === n.name);
      if (isValue || !p) return undefined;
      return p.fixed ? { "": p.default } : { [p.name]: 1 };
    }
    case "OperatorNode": {
      const parts = n.args.map((a) => exponentOf(a, model, args));
      if (parts.some((p) => p === undefined)) return undefined;
      const [a, b] = parts as [Linear, Linear];
      const constant = (x: Linear) => Object.keys(x).every((k) => k === "");
      const scale = (x: Linear, k: number) => Object.fromEntries(Object.entries(x).map(([m, v]) => [m, v * k]));
      const sum = (x: Linear, y: Linear, k: number) => {
        const out: Record<string, number> = { ...x };
        for (const [m, v] of Object.entries(y)) out[m] = (out[m] ?? 0) + k * v;
        return out;
      };
      switch (n.fn) {
        case "unaryMinus":
          return scale(a, -1);
        case "unaryPlus":
          return a;
        case "add":
          return sum(a, b, 1);
        case "subtract":
          return sum(a, b, -1);
        case "multiply":
          if (constant(a)) return scale(b, a[""] ?? 0);
          return constant(b) ? scale(a, b[""] ?? 0) : undefined;
        case "divide":
          return constant(b) && b[""] ? scale(a, 1 / (b[""] as number)) : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

function callUnit(helper: Helper, parts: U[], ctx: Ctx, call: MathNode): U {
  const args = new Map(helper.args.map((a, k) => [a, parts[k] as U]));
  try {
    const u = unitOf(helper.node, ctx, args);
    if (helper.unitGiven) {
      const given = parseUnit(helper.unit);
      if (u !== UNKNOWN && !sameUnit(u, given)) {
        throw new Mismatch(`${helper.name} is in ${ctx.describe(u)} here, but its unit says ${helper.unit}`);
      }
      return given;
    }
    return u;
  } catch (err) {
    if (!(err instanceof Mismatch)) throw err;
    throw new Mismatch(`in ${call.toString()}: ${err.message}`);
  }
}

/** Which states' rates use each helper, directly or through other helpers. */
function ratesUsing(model: Model): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const byName = new Map(model.helpers.map((h) => [h.name, h]));
  for (const s of model.states) {
    const seen = new Set<string>();
    const visit = (node: MathNode) => {
      for (const name of [...symbolsOf(node), ...callsOf(node)]) {
        const h = byName.get(name);
        if (!h || seen.has(name)) continue;
        seen.add(name);
        visit(h.node);
      }
    };
    visit(s.node);
    for (const h of seen) out.set(h, [...(out.get(h) ?? []), s.name]);
  }
  return out;
}

/** Writes a unit as the model itself writes it where some declaration has that unit, else generically. */
function describer(model: Model): (u: UnitValue) => string {
  const texts = [
    ...model.parameters.map((p) => p.unit),
    ...model.states.map((s) => s.unit),
    ...model.inputs.map((i) => i.unit),
    ...model.helpers.filter((h) => h.unitGiven).map((h) => h.unit),
    model.timeUnit,
  ];
  const known: [UnitValue, string][] = [];
  for (const t of new Set(texts)) {
    try {
      known.push([parseUnit(t), t]);
    } catch {
      // An unreadable unit is reported where it is declared.
    }
  }
  return (u) => known.find(([k]) => sameUnit(k, u))?.[1] ?? formatUnit(u);
}
