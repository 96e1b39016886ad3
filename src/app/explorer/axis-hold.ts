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
 * When one axis must be re-ranged (and the step is a full redraw anyway), any other axis whose data
 * already reaches this share of its range toward an end is re-ranged with it, instead of costing a
 * full redraw of its own a few steps later.
 */
export const NEARLY_FULL = 0.7;

/**
 * The range an axis keeps while a value is being dragged. Re-fitting the axes to every frame's data
 * makes them jitter under the traces and costs Plotly a full redraw of its axes each frame; held, the
 * traces move and the axes stay still. The held range is kept while the data fits inside it and fills
 * most of it. When the data outgrows it, it grows with headroom on that side, so a drag that keeps
 * going the same way does not re-range every frame; when the data shrinks well inside it, the range
 * shrinks to it, again with headroom, so a drag that turns back does not re-range at once. With `regrow` (another axis is being re-ranged), data that nearly fills the range
 * toward an end counts as having outgrown it. Once the drag ends, the figure is drawn with its fitted
 * ranges (`needed`).
 */
/**
 * A range shrunk to the data during a drag: headroom away from zero (a range from zero keeps zero), or
 * on both sides for data that does not reach zero.
 */
function shrunk([lo, hi]: Range): Range {
  const span = hi - lo;
  if (lo === 0) return [0, hi + HEADROOM * span];
  if (hi === 0) return [lo - HEADROOM * span, 0];
  return [lo - (HEADROOM / 2) * span, hi + (HEADROOM / 2) * span];
}

export function heldRange(prev: Range | undefined, needed: Range, regrow = false): Range {
  if (!prev) return needed;
  const [a, b] = prev;
  const [lo, hi] = needed;
  const span = hi - lo;
  const reach = regrow ? NEARLY_FULL * (b - a) : b - a;
  // Zero stays a hard end: a range from zero never grows below it on account of nearly reaching it.
  const outLow = lo < a || (lo < 0 && lo < b - reach);
  const outHigh = hi > b || (hi > 0 && hi > a + reach);
  if (!outLow && !outHigh) return span >= LOOSEST * (b - a) ? prev : shrunk(needed);
  const pad = HEADROOM * span;
  return [outLow ? Math.min(a, lo - pad) : a, outHigh ? Math.max(b, hi + pad) : b];
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
