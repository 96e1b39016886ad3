/**
 * Called after each unit of work with how much is done; returning false asks the analysis to stop.
 * An analysis that stops early returns what it has, marked `complete: false`, so a caller can tell a
 * cancelled job from a finished one and never show the former as a result.
 */
export type Progress = (done: number, total: number) => boolean | undefined;
