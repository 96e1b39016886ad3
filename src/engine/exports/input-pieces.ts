import { buildSchedule } from "../input-schedule.ts";
import type { Input } from "../model.ts";
import type { ResolvedRun } from "../run-spec.ts";

/** An input is `v0 + slope·(t − t0)` on [t0, t1) and 0 outside every piece. */
export interface InputPiece {
  t0: number;
  t1: number;
  v0: number;
  slope: number;
}

export interface InputCourse {
  input: Input;
  pieces: InputPiece[];
}

/** The run's inputs as explicit pieces of time, at the run's parameter values, with every edge. */
export interface InputTimeline {
  tEnd: number;
  /** Sorted, first 0 and last tEnd: every edge of every input. */
  breakpoints: number[];
  inputs: InputCourse[];
}

/**
 * Reads the engine's own input schedule for the run, so that an export drives its model with exactly
 * the inputs the engine integrates; adjacent segments that continue one affine piece are joined.
 */
export function inputTimeline(run: ResolvedRun): InputTimeline {
  const { model, values } = run;
  const endParam = model.parameters.find((p) => p.name === model.endParam);
  const tEnd = values[endParam?.index ?? -1] as number;
  const schedule = buildSchedule(model, values, run, tEnd);
  const inputs = model.inputs.map((input) => {
    const pieces: InputPiece[] = [];
    for (const seg of schedule.segments) {
      const v0 = seg.v0[input.index] as number;
      const slope = seg.slope[input.index] as number;
      if (v0 === 0 && slope === 0) continue;
      const last = pieces[pieces.length - 1];
      const continues =
        last !== undefined &&
        last.t1 === seg.t0 &&
        last.slope === slope &&
        Math.abs(last.v0 + last.slope * (seg.t0 - last.t0) - v0) <= 1e-12 * Math.max(1, Math.abs(v0));
      if (continues) last.t1 = seg.t1;
      else pieces.push({ t0: seg.t0, t1: seg.t1, v0, slope });
    }
    return { input, pieces };
  });
  return { tEnd, breakpoints: schedule.breakpoints, inputs };
}
