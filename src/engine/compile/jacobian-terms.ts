import type { MathNode } from "mathjs";
import type { Helper, Model } from "../model/model.ts";
import { differentiate, symbolsOf } from "./expression.ts";
import { inlineDependents } from "./inline-helpers.ts";

/** One nonzero partial derivative ∂f_row/∂x_col, as a mathjs tree over the model's names. */
export interface JacobianEntry {
  row: number;
  col: number;
  node: MathNode;
}

/**
 * The model's Jacobian in symbolic form: ∂f/∂states (n × n) and ∂f/∂inputs (n × m, for ∂f/∂t on ramps),
 * nonzero entries only. A column whose derivative mathjs cannot take (min/max) is listed as numeric
 * and is filled by finite differences at run time.
 */
export interface JacobianTerms {
  states: JacobianEntry[];
  inputs: JacobianEntry[];
  numericStates: number[];
  numericInputs: number[];
}

/**
 * Differentiates every rate with respect to every state and every input it depends on (through its
 * helpers, which are inlined only where they depend on that name, so that each entry stays small).
 */
export function jacobianTerms(model: Model, byName: Map<string, Helper>): JacobianTerms {
  const columns = (names: string[]) => {
    const entries: JacobianEntry[] = [];
    const numeric = new Set<number>();
    for (const [col, name] of names.entries()) {
      for (const s of model.states) {
        const inlined = inlineDependents(s.node, name, model.helpers, byName);
        if (!symbolsOf(inlined).has(name)) continue;
        try {
          const node = differentiate(inlined, name);
          if (!isZero(node)) entries.push({ row: s.index, col, node });
        } catch {
          numeric.add(col);
        }
      }
    }
    // A numeric column is filled whole, so its symbolic entries would only be overwritten.
    return { entries: entries.filter((e) => !numeric.has(e.col)), numeric: [...numeric].sort((a, b) => a - b) };
  };
  const st = columns(model.states.map((s) => s.name));
  const inp = columns(model.inputs.map((i) => i.name));
  return { states: st.entries, inputs: inp.entries, numericStates: st.numeric, numericInputs: inp.numeric };
}

function isZero(node: MathNode): boolean {
  return node.type === "ConstantNode" && (node as MathNode & { value: number }).value === 0;
}
