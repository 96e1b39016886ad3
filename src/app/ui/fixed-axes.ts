import type { Data, Layout } from "./plotly.ts";

type AxisRef = { xaxis?: string; yaxis?: string };
type AxisLayout = { range?: unknown; autorange?: unknown };

/** The layout key of a trace's axis reference: "x" → "xaxis", "y3" → "yaxis3". */
const layoutKey = (ref: string) => `${ref[0]}axis${ref.slice(1)}`;

/**
 * Whether every axis the figure's traces are drawn on has a range of its own. Only then does moving
 * the traces alone show what a full redraw would: an axis left to autorange would be fitted to the
 * new data by a redraw and kept as it was by a trace-only move.
 */
export function axesFixed(data: readonly Data[], layout: Partial<Layout>): boolean {
  const L = layout as Record<string, AxisLayout | undefined>;
  const refs = new Set<string>();
  for (const trace of data) {
    const t = trace as AxisRef;
    refs.add(t.xaxis ?? "x");
    refs.add(t.yaxis ?? "y");
  }
  return [...refs].every((ref) => {
    const axis = L[layoutKey(ref)];
    return Array.isArray(axis?.range) && axis.range.length === 2 && axis.autorange !== true;
  });
}
