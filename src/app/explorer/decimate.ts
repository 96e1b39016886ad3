/**
 * Min–max decimation of a trace for drawing: the samples are cut into `columns` runs of consecutive
 * points (one per pixel column of the plot, say) and each run keeps its lowest and its highest sample, in
 * the order they occur, plus the first and the last sample of the trace. A line through the kept points
 * covers exactly the pixels the full trace covers, so every peak, trough and jump stays where it is,
 * unlike keeping every k-th sample, which can step over a narrow spike.
 */
export interface Decimated {
  x: number[];
  y: number[];
}

export function minMaxDecimate(x: ArrayLike<number>, y: ArrayLike<number>, columns: number): Decimated {
  const n = Math.min(x.length, y.length);
  const perColumn = Math.ceil(n / Math.max(1, Math.floor(columns)));
  // Two points per column at most: nothing is gained below three samples per column.
  if (perColumn < 3) return { x: Array.from(x).slice(0, n), y: Array.from(y).slice(0, n) };
  const ox: number[] = [];
  const oy: number[] = [];
  const keep = (k: number) => {
    if (ox.length && ox[ox.length - 1] === x[k] && oy[oy.length - 1] === y[k]) return;
    ox.push(x[k] as number);
    oy.push(y[k] as number);
  };
  keep(0);
  for (let start = 0; start < n; start += perColumn) {
    const end = Math.min(n, start + perColumn);
    let lo = start;
    let hi = start;
    for (let k = start + 1; k < end; k++) {
      const v = y[k] as number;
      if (v < (y[lo] as number)) lo = k;
      if (v > (y[hi] as number)) hi = k;
    }
    keep(Math.min(lo, hi));
    keep(Math.max(lo, hi));
  }
  keep(n - 1);
  return { x: ox, y: oy };
}
