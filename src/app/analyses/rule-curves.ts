import { compileModel, type Model } from "../../engine/index.ts";

/** One model's plasticity rule as a curve: the helper its display block marks `compare`, against its state or input. */
export interface ComparedRule {
  modelId: string;
  modelTitle: string;
  helper: string;
  /** The curve's title in the model's display block, e.g. "Ω(C): weight target". */
  title: string;
  /** The y-axis title the model gives the curve. */
  axis: string;
  /** The variable on x: a state, or a protocol input for a rule read under a clamp. */
  x: { name: string; label: string; unit: string };
  xs: number[];
  ys: number[];
}

/** The rule a model's display block marks for comparison, or undefined when it marks none. */
export function ruleToCompare(model: Model) {
  const rules = model.display.rules;
  const curve = rules?.curves.find((c) => c.compare);
  if (!rules || !curve) return undefined;
  return { rules, curve };
}

/**
 * The rule evaluated by the compiled model at `values` (one value per parameter) over its display
 * block's range, or 0 to 1 when it gives none: every other state held at its initial value and every
 * other input at 0, so the curve is the rule of a synapse at rest, as its parameters set it.
 */
export function comparedRule(model: Model, values: Float64Array, points = 201): ComparedRule | undefined {
  const found = ruleToCompare(model);
  if (!found) return undefined;
  const { rules, curve } = found;
  const state = model.states.find((s) => s.name === rules.state);
  const input = model.inputs.find((i) => i.name === rules.state);
  const xVar = state ?? input;
  const h = model.helpers.findIndex((q) => q.name === curve.helper);
  if (!xVar || h < 0) return undefined;
  const [from, to] = rules.range ?? [0, 1];
  const compiled = compileModel(model);
  const y = Float64Array.from(model.states, (s) => s.initial);
  const inp = new Float64Array(model.inputs.length);
  const out = new Float64Array(model.helpers.length);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < points; k++) {
    const x = k === points - 1 ? to : from + ((to - from) * k) / (points - 1);
    if (state) y[state.index] = x;
    else inp[xVar.index] = x;
    compiled.helperValues(y, values, inp, out);
    xs.push(x);
    ys.push(out[h] as number);
  }
  return {
    modelId: model.id,
    modelTitle: model.title,
    helper: curve.helper,
    title: curve.title,
    axis: curve.axis,
    x: { name: xVar.name, label: xVar.label, unit: xVar.unit },
    xs,
    ys,
  };
}
