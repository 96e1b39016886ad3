import type { MathNode } from "mathjs";
import type { Helper } from "../model/model.ts";
import { callsOf, substitute, symbolsOf } from "./expression.ts";

/**
 * Inlines every helper that depends on `state` (and every helper called with arguments), leaving the
 * others as plain names, so that the derivative is exact yet stays small.
 */
export function inlineDependents(
  node: MathNode,
  state: string,
  helpers: Helper[],
  byName: Map<string, Helper>,
): MathNode {
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
