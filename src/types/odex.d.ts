// Type declarations for odex 2.0.4, which ships none; tsconfig "paths" maps "odex" here.
export enum Outcome {
  Converged = 0,
  MaxStepsExceeded = 1,
  EarlyReturn = 2,
}
export type Derivative = (x: number, y: number[]) => number[];
export type OutputFunction = (
  nr: number,
  xOld: number,
  x: number,
  y: number[],
  interpolate: (component: number, x: number) => number,
) => boolean | undefined;
export interface SolveResult {
  y: number[];
  outcome: Outcome;
  nStep: number;
  xEnd: number;
  nAccept: number;
  nReject: number;
  nEval: number;
}
export class Solver {
  constructor(n: number);
  n: number;
  uRound: number;
  maxSteps: number;
  initialStepSize: number;
  maxStepSize: number;
  maxExtrapolationColumns: number;
  stepSizeSequence: number;
  stabilityCheckCount: number;
  stabilityCheckTableLines: number;
  denseOutput: boolean;
  denseOutputErrorEstimator: boolean;
  denseComponents: number[] | undefined;
  interpolationFormulaDegree: number;
  relativeTolerance: number | number[];
  absoluteTolerance: number | number[];
  debug: boolean;
  solve(f: Derivative, x: number, y0: number[], xEnd: number, solOut?: OutputFunction): SolveResult;
  grid(dt: number, out: (x: number, y: number[]) => boolean | undefined): OutputFunction;
}
