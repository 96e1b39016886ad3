import { evaluateNode } from "../compile/expression.ts";
import type { Model, ModelEvent, Parameter } from "../model/model.ts";
import type { Segment } from "../run/input-schedule.ts";
import type { Recorder, SolveProblem, SolveStats } from "./solve-problem.ts";
import { clip } from "./solve-problem.ts";
import type { SwitchRuntime } from "./switches.ts";

/** One jump of one event, at its time. */
export interface ScheduledJump {
  time: number;
  event: ModelEvent;
  /** 0 for the first jump of the event. */
  k: number;
}

/** What is wrong with an event's times for one set of parameter values; `field` is the file field to point at. */
export interface EventProblem {
  event: string;
  field: "start" | "period" | "count" | "delay";
  message: string;
}

/** A name → value lookup over a parameter vector (indexed as `parameters`). */
export function parameterLookup(parameters: readonly Parameter[], values: ArrayLike<number>): (name: string) => number {
  const index = new Map(parameters.map((p) => [p.name, p.index]));
  return (name) => {
    const k = index.get(name);
    if (k === undefined) throw new RangeError(`unknown parameter "${name}"`);
    return values[k] as number;
  };
}

/**
 * Every jump of every event for one run, sorted by time and, at equal times, in declared order; with
 * the problems that make a schedule unusable (a time outside [0, tEnd), a period ≤ 0, a count not a number).
 */
export function scheduleJumps(
  events: readonly ModelEvent[],
  parameters: readonly Parameter[],
  values: ArrayLike<number>,
  tEnd: number,
  timeUnit = "s",
): { jumps: ScheduledJump[]; problems: EventProblem[] } {
  if (events.length === 0) return { jumps: [], problems: [] };
  const lookup = parameterLookup(parameters, values);
  const jumps: ScheduledJump[] = [];
  const problems: EventProblem[] = [];
  const u = timeUnit && timeUnit !== "–" ? ` ${timeUnit}` : "";
  const show = (x: number) => String(Number(x.toPrecision(6)));
  for (const ev of events) {
    const fail = (field: EventProblem["field"], message: string) => problems.push({ event: ev.name, field, message });
    const start = evaluateNode(ev.start.node, lookup);
    const delay = evaluateNode(ev.delay.node, lookup);
    const rawCount = evaluateNode(ev.count.node, lookup);
    if (!Number.isFinite(rawCount) || rawCount < 0) {
      fail("count", `the number of jumps must be a finite number ≥ 0, not ${show(rawCount)}`);
      continue;
    }
    const count = Math.round(rawCount);
    if (count === 0) continue;
    const period = ev.period ? evaluateNode(ev.period.node, lookup) : Number.NaN;
    if (count > 1 && !(period > 0 && Number.isFinite(period))) {
      fail("period", ev.period ? `the period must be > 0, not ${show(period)}` : `is required for ${count} jumps`);
      continue;
    }
    if (!Number.isFinite(start)) fail("start", `the first time is ${show(start)}, not a finite number`);
    else if (!Number.isFinite(delay)) fail("delay", `the delay is ${show(delay)}, not a finite number`);
    else {
      // Each time from its index, never accumulated, so that the last jump is where it should be.
      const at = (k: number) => start + k * (count > 1 ? period : 0) + delay;
      const first = at(0);
      const last = at(count - 1);
      if (first < 0) fail("start", `the first jump is at t = ${show(first)}${u}, before the run starts at 0`);
      else if (last >= tEnd)
        fail(
          "count",
          `the last of ${count} jumps is at t = ${show(last)}${u}, not before the end of the run (${show(tEnd)}${u})`,
        );
      else for (let k = 0; k < count; k++) jumps.push({ time: at(k), event: ev, k });
    }
  }
  const order = new Map(events.map((e, i) => [e.name, i]));
  jumps.sort((a, b) => a.time - b.time || (order.get(a.event.name) ?? 0) - (order.get(b.event.name) ?? 0));
  return { jumps, problems };
}

/** Applies one event's assignments to `y` in order, each seeing the lines before it. */
export function applyJump(
  event: ModelEvent,
  model: Model,
  y: Float64Array | number[],
  params: ArrayLike<number>,
): void {
  const param = parameterLookup(model.parameters, params);
  const stateIx = new Map(model.states.map((s) => [s.name, s.index]));
  const lookup = (name: string) => {
    const i = stateIx.get(name);
    return i === undefined ? param(name) : (y[i] as number);
  };
  for (const a of event.assign) y[a.index] = evaluateNode(a.value.node, lookup);
}

/**
 * Jumps and switches of one run. Every solver calls `enterSegment` at the start of each segment of
 * `problem.schedule` (the jumps' times are breakpoints, so none is stepped over).
 */
export interface Discrete {
  model: Model;
  /** Jumps by their exact time (a breakpoint of the schedule), each list in firing order. */
  jumpsAt: Map<number, ScheduledJump[]>;
  switches: SwitchRuntime | undefined;
}

export function makeDiscrete(
  model: Model,
  jumps: readonly ScheduledJump[],
  switches: Discrete["switches"],
): Discrete | undefined {
  if (jumps.length === 0 && !switches) return undefined;
  const jumpsAt = new Map<number, ScheduledJump[]>();
  for (const j of jumps) {
    const list = jumpsAt.get(j.time);
    if (list) list.push(j);
    else jumpsAt.set(j.time, [j]);
  }
  return { model, jumpsAt, switches };
}

/**
 * The one place where a solver meets the model's discrete parts, at the start of every segment: fires
 * the jumps scheduled at its start (counted in `stats.events`), then sets every switch from the sign of
 * its function, since a jump or an input edge may have moved it. `y` is changed in place.
 */
export function enterSegment(
  problem: SolveProblem,
  seg: Segment,
  y: Float64Array | number[],
  rec: Recorder,
  stats: SolveStats,
): void {
  const d = problem.discrete;
  if (!d) return;
  const fired = d.jumpsAt.get(seg.t0);
  if (fired) {
    for (const j of fired) applyJump(j.event, d.model, y, problem.params);
    clip(y, problem.lower, problem.upper, y);
    stats.events = (stats.events ?? 0) + fired.length;
    rec.accept(seg.t0, y);
  }
  if (d.switches) {
    const inp = new Float64Array(seg.v0);
    d.switches.reset(y, inp);
  }
}
