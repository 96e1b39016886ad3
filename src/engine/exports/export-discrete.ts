import type { MathNode } from "mathjs";
import { substitute } from "../compile/expression.ts";
import { math } from "../compile/math-instance.ts";
import type { Model, ModelEvent } from "../model/model.ts";
import type { ResolvedRun } from "../run/run-spec.ts";
import { scheduleJumps } from "../solve/events.ts";

/** One model event as this run schedules it: the times the engine fires it at. */
export interface EventCourse {
  event: ModelEvent;
  /** Every jump time, in order (start + k·period + delay). */
  times: number[];
  /** The event's place among the model's events: at equal times, lower fires first. */
  order: number;
}

/**
 * The run's scheduled jumps, per event, from the engine's own schedule; a run whose schedule the
 * engine refuses is refused here with the engine's words.
 */
export function eventCourses(run: ResolvedRun, tEnd: number): EventCourse[] {
  const { model } = run;
  const { jumps, problems } = scheduleJumps(model.events, model.parameters, run.values, tEnd, model.timeUnit);
  if (problems.length) throw new Error(problems.map((p) => `event "${p.event}": ${p.message}`).join("; "));
  return model.events.map((event, order) => ({
    event,
    order,
    times: jumps.filter((j) => j.event === event).map((j) => j.time),
  }));
}

/**
 * An event's assignments as simultaneous ones: each state's new value over the states before the
 * event. The model applies them in order, each seeing the lines before it; a target that evaluates
 * all of an event's assignments first (SBML) gets the earlier lines written into the later ones.
 */
export function simultaneousAssignments(event: ModelEvent): { state: string; node: MathNode }[] {
  const now = new Map<string, MathNode>();
  for (const a of event.assign) {
    const node = a.value.node.transform((child, path, parent) => {
      if (child.type !== "SymbolNode" || (parent?.type === "FunctionNode" && path === "fn")) return child;
      const earlier = now.get((child as MathNode & { name: string }).name);
      return earlier ? new math.ParenthesisNode(earlier) : child;
    });
    now.set(a.state, node);
  }
  return [...now].map(([state, node]) => ({ state, node }));
}

/**
 * A switch's function with every helper without arguments written out, as the engine evaluates it:
 * over the states (as they are, not clipped), the inputs and the parameters.
 */
export function switchExpression(model: Model, node: MathNode): MathNode {
  const helpers = new Map(model.helpers.filter((h) => h.args.length === 0).map((h) => [h.name, h]));
  return substitute(node, (name, args) => (args === undefined ? helpers.get(name)?.node : undefined));
}
