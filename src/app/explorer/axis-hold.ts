/** An axis range, [low, high]. */
export type Range = readonly [number, number];

/**
 * A held range is kept while the data needs at least this share of it; below, it is fitted again. Low,
 * because a re-ranged axis costs the frame a full redraw (several times a moved trace) and the axes
 * are fitted anyway once the drag pauses.
 */
export const LOOSEST = 0.15;
/**
 * A range the data outgrew grows this share of the data's span beyond it, on the side it grew: a drag
 * along a log-scaled slider grows the data geometrically, and doubling re-ranges about three times a
 * decade.
 */
export const HEADROOM = 1;

/**
 * The range an axis keeps while a value is being dragged. Re-fitting the axes to every frame's data
 * makes them jitter under the traces and costs Plotly a full redraw of its axes each frame; held, the
 * traces move and the axes stay still. The held range is kept while the data fits inside it and fills
 * most of it. When the data outgrows it, it grows with headroom on that side, so a drag that keeps
 * going the same way does not re-range every frame; when the data shrinks well inside it, it is fitted
 * to the data again. Once the drag ends, the figure is drawn with its fitted ranges (`needed`).
 */
export function heldRange(prev: Range | undefined, needed: Range): Range {
  if (!prev) return needed;
  const [a, b] = prev;
  const [lo, hi] = needed;
  const span = hi - lo;
  if (lo >= a && hi <= b && span >= LOOSEST * (b - a)) return prev;
  if (lo >= a && hi <= b) return needed;
  const pad = HEADROOM * span;
  return [lo < a ? lo - pad : a, hi > b ? hi + pad : b];
}

/**
 * The range Plotly's autorange would give lines that should show zero ("tozero"): from zero, or the
 * data's low end when below it, to the high end, padded by 5 % of the span away from zero.
 */
export function toZeroRange(min: number, max: number): Range {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [0, 1];
  return [lo < 0 ? lo - 0.05 * span : 0, hi > 0 ? hi + 0.05 * span : 0];
}
