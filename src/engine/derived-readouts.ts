import { compileModel } from "./compile-model.ts";
import { evaluateNode } from "./expression.ts";
import type { Model } from "./model.ts";

/**
 * The model's derived readouts at the end of a run, in declared order: each from the final states,
 * the inputs at the end, the helpers, the switches, the parameters and the readouts before it.
 * `params` is the solver's parameter vector (the model's parameters, then the switches' values).
 */
export function evaluateDerived(
  model: Model,
  y: ArrayLike<number>,
  params: Float64Array,
  inputs: Float64Array,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (model.derivedReadouts.length === 0) return out;
  const helperValues = new Float64Array(model.helpers.length);
  compileModel(model).helperValues(y, params, inputs, helperValues);
  const table = new Map<string, number>();
  for (const p of model.parameters) table.set(p.name, params[p.index] as number);
  for (const s of model.switches) table.set(s.name, params[model.parameters.length + s.index] as number);
  model.helpers.forEach((h, k) => {
    if (h.args.length === 0) table.set(h.name, helperValues[k] as number);
  });
  for (const i of model.inputs) table.set(i.name, inputs[i.index] as number);
  for (const s of model.states) table.set(s.name, y[s.index] as number);
  const argHelpers = new Map(model.helpers.filter((h) => h.args.length > 0).map((h) => [h.name, h]));
  const lookup = (name: string): number => {
    const v = table.get(name);
    if (v === undefined) throw new RangeError(`unknown name "${name}" in a derived readout`);
    return v;
  };
  // A helper with arguments sees only its arguments and the parameters, as in the rates.
  const call = (name: string, args: number[]): number | undefined => {
    const h = argHelpers.get(name);
    if (!h) return undefined;
    const local = new Map(h.args.map((a, k) => [a, args[k] as number]));
    return evaluateNode(h.node, (n) => local.get(n) ?? (params[paramIndex(model, n)] as number), call);
  };
  for (const r of model.derivedReadouts) {
    const v = evaluateNode(r.expr.node, lookup, call);
    out[r.name] = v;
    table.set(r.name, v);
  }
  return out;
}

function paramIndex(model: Model, name: string): number {
  return model.parameters.find((p) => p.name === name)?.index ?? -1;
}
