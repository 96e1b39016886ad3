import type { Progress } from "./progress.ts";

/** The items of a range, in order, and whether the progress callback let the range finish. */
export interface SolvedRange<T> {
  items: T[];
  complete: boolean;
}

/**
 * Solves the items from ≤ k < to in order, each in `solvesPerItem` solves, with progress counted in
 * solves over the range, so a part of an analysis reports just its own share. `solveItem(k, solved)`
 * calls `solved()` after each of its solves and makes no further solve once it returns false. An item
 * the stop left half done is dropped, so every item returned has all its solves.
 */
export function solveRange<T>(
  from: number,
  to: number,
  solvesPerItem: number,
  onProgress: Progress | undefined,
  solveItem: (k: number, solved: () => boolean) => T,
): SolvedRange<T> {
  const items: T[] = [];
  const total = Math.max(0, to - from) * solvesPerItem;
  let done = 0;
  let stopped = false;
  const solved = (): boolean => {
    if (onProgress?.(++done, total) === false) stopped = true;
    return !stopped;
  };
  for (let k = from; k < to; k++) {
    const before = done;
    const item = solveItem(k, solved);
    if (!stopped || done - before === solvesPerItem) items.push(item);
    if (stopped) return { items, complete: false };
  }
  return { items, complete: true };
}
