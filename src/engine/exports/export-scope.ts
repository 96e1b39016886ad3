import type { MathNode } from "mathjs";
import { callsOf, functionName, symbolsOf } from "../compile/expression.ts";
import type { Helper, Model } from "../model/model.ts";
import type { NameTable } from "./export-names.ts";

/**
 * Claims an exported name for every name of the model, in the order the engine resolves them (states,
 * inputs, helpers, switches, parameters), so that where two share a name (the input u and its level u) the one
 * an expression means keeps it.
 */
export function claimModelNames(model: Model, names: NameTable): void {
  for (const s of model.states) names.claim(`state:${s.name}`, s.name, `state ${s.name}`);
  for (const i of model.inputs) names.claim(`input:${i.name}`, i.name, `input ${i.name}`);
  for (const h of model.helpers) names.claim(`helper:${h.name}`, h.name, `helper ${h.name}`);
  for (const w of model.switches) names.claim(`switch:${w.name}`, w.name, `switch ${w.name}`);
  for (const p of model.parameters) names.claim(`param:${p.name}`, p.name, `parameter ${p.name}`);
}

/** The key under which a name used in an expression was claimed, as the engine resolves it. */
export function keyOf(model: Model, name: string, fn?: Helper): string | undefined {
  if (fn) {
    // A helper with arguments sees only its arguments and the parameters.
    if (fn.args.includes(name)) return `arg:${fn.name}:${name}`;
    return model.parameters.some((p) => p.name === name) ? `param:${name}` : undefined;
  }
  if (model.states.some((s) => s.name === name)) return `state:${name}`;
  if (model.inputs.some((i) => i.name === name)) return `input:${name}`;
  if (model.helpers.some((h) => h.name === name && h.args.length === 0)) return `helper:${name}`;
  if (model.switches.some((w) => w.name === name)) return `switch:${name}`;
  if (model.parameters.some((p) => p.name === name)) return `param:${name}`;
  return undefined;
}

/**
 * Every parameter a helper with arguments reads, itself or through the helpers it calls, in model
 * order: a target whose functions cannot read model values (SBML) passes them as extra arguments.
 */
export function parametersRead(model: Model, fn: Helper): string[] {
  const seen = new Set<string>();
  const used = new Set<string>();
  const visit = (h: Helper) => {
    if (seen.has(h.name)) return;
    seen.add(h.name);
    for (const s of symbolsOf(h.node)) if (!h.args.includes(s)) used.add(s);
    for (const c of callsOf(h.node)) {
      const callee = model.helpers.find((x) => x.name === c && x.args.length > 0);
      if (callee) visit(callee);
    }
  };
  visit(fn);
  return model.parameters.filter((p) => used.has(p.name)).map((p) => p.name);
}

/** The helper with arguments that a call names, if the call is to one. */
export function calledHelper(model: Model, node: MathNode): Helper | undefined {
  const name = functionName(node);
  return model.helpers.find((h) => h.name === name && h.args.length > 0);
}

/**
 * A state as the rates read it: within its declared bounds, as the engine evaluates them, so that a
 * solver's stage just below 0 never reaches a fractional power (N^2.96 of -1e-12 is NaN and stalls
 * an explicit method). `lo`/`hi` wrap the target's max/min around the name.
 */
export function boundedState(
  model: Model,
  name: string,
  text: string,
  wrap: { lo(x: string, bound: number): string; hi(x: string, bound: number): string },
): string {
  const s = model.states.find((x) => x.name === name);
  if (!s) return text;
  const [lo, hi] = s.bounds;
  let out = text;
  if (lo !== null) out = wrap.lo(out, lo);
  if (hi !== null) out = wrap.hi(out, hi);
  return out;
}
