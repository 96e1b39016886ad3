import { symbolsOf } from "../compile/expression.ts";
import type { Model, ParamRef } from "../model/model.ts";
import { type InputChoice, refValue } from "./input-schedule.ts";
import type { ActivityMode, ProtocolKind } from "./protocol-kinds.ts";

/**
 * A role an input gives a parameter, and whether the chosen protocol reads it (else why not); `paired`
 * says whether activity is paired with this input, whose window then times the activity.
 */
type RoleUse = (protocol: ProtocolKind, paired: boolean) => string | undefined;

const ONLY_TRAIN: RoleUse = (p) => (p === "train" ? undefined : "Only the Train protocol uses this.");

/**
 * Each role of a protocol input, as `buildSchedule` reads it: undefined where the run reads the role,
 * else the one-line reason it does not. `pulse` is the pulse width, for the pulse's reason.
 */
function protocolRoles(pulse: string): Record<string, RoleUse> {
  return {
    amplitude: (p) => (p === "none" ? "Vehicle applies nothing, so the level has no effect." : undefined),
    start: (p, paired) =>
      p === "none" && !paired ? "Vehicle with no paired activity: nothing starts at this time." : undefined,
    duration: (p, paired) =>
      p === "pulse"
        ? `Pulse lasts its own ${pulse}, not this duration.`
        : p === "train"
          ? "A train lasts as long as its pulses (count, width and period)."
          : p === "none" && !paired
            ? "Vehicle with no paired activity: nothing lasts this long."
            : undefined,
    pulseWidth: (p) => (p === "pulse" ? undefined : "Only the Pulse protocol uses this."),
    count: ONLY_TRAIN,
    width: ONLY_TRAIN,
    period: ONLY_TRAIN,
  };
}

function extraUse(activity: ActivityMode): string | undefined {
  return activity === "paired" ? undefined : "Only paired activity runs on after the input.";
}

/** The parameter a role names; a role given as a number names none. */
function paramOf(ref: ParamRef | string): string | undefined {
  return typeof ref === "string" ? ref : "param" in ref ? ref.param : undefined;
}

// A slider drag asks on every frame; the answer depends on the model alone.
const READ_BY_EQUATIONS = new WeakMap<Model, Set<string>>();

/**
 * Every parameter an expression of the model reads (rates, helpers, events, switches, derived readouts).
 * A name is a parameter only where nothing nearer has it: a helper's argument, a state or an input
 * come first, as in the compiled equations (an input may share its amplitude parameter's name).
 */
function paramsInEquations(model: Model): Set<string> {
  const known = READ_BY_EQUATIONS.get(model);
  if (known) return known;
  const nearer = new Set([...model.states, ...model.inputs, ...model.helpers].map((x) => x.name));
  const names = new Set<string>();
  for (const h of model.helpers)
    for (const s of symbolsOf(h.node)) if (!h.args.includes(s) && !nearer.has(s)) names.add(s);
  const nodes = [
    ...model.states.map((s) => s.node),
    ...model.switches.map((s) => s.expr.node),
    ...model.derivedReadouts.map((d) => d.expr.node),
    ...model.events.flatMap((e) => [
      e.start.node,
      e.count.node,
      e.delay.node,
      ...(e.period ? [e.period.node] : []),
      ...e.assign.map((a) => a.value.node),
    ]),
  ];
  for (const n of nodes) for (const s of symbolsOf(n)) if (!nearer.has(s)) names.add(s);
  READ_BY_EQUATIONS.set(model, names);
  return names;
}

/**
 * The parameters that change nothing in a run under this protocol and activity mode, each with a
 * one-line reason: a parameter is unused when every input role that names it is one the protocol
 * does not read and no equation of the model reads it. Derived from the model's input declarations,
 * so a model with other inputs gets its own answer.
 */
export function unusedByProtocol(model: Model, choice: InputChoice, values?: Float64Array): Map<string, string> {
  const readByEquations = paramsInEquations(model);
  const used = new Set<string>();
  const reasons = new Map<string, string>();
  const note = (param: string | undefined, reason: string | undefined) => {
    if (!param || readByEquations.has(param)) return;
    if (reason === undefined) used.add(param);
    else if (!reasons.has(param)) reasons.set(param, reason);
  };
  for (const input of model.inputs) {
    if (input.kind === "activity") {
      note(paramOf(input.extra), extraUse(choice.activity));
      continue;
    }
    const roles = protocolRoles(pulseWidthText(model, input.pulseWidth, values));
    const paired =
      choice.activity === "paired" && model.inputs.some((i) => i.kind === "activity" && i.pairedWith === input.name);
    const refs: Record<string, ParamRef | string> = {
      amplitude: input.amplitude,
      start: input.start,
      duration: input.duration,
      pulseWidth: input.pulseWidth,
      count: input.train.count,
      width: input.train.width,
      period: input.train.period,
    };
    for (const [role, ref] of Object.entries(refs)) note(paramOf(ref), roles[role]?.(choice.protocol, paired));
  }
  for (const p of used) reasons.delete(p);
  return reasons;
}

/** A pulse width as a reader sees it: "30 s", or the parameter's label when a parameter sets it. */
function pulseWidthText(model: Model, ref: ParamRef, values?: Float64Array): string {
  const p = "param" in ref ? model.parameters.find((q) => q.name === ref.param) : undefined;
  if (p && !values) return `width (${p.label})`;
  const v = values ? refValue(ref, model, values) : "value" in ref ? ref.value : Number.NaN;
  return `${Number(v.toPrecision(4))} ${model.timeUnit} width`;
}

/**
 * What the chosen protocol applies that no control shows: the pulse's fixed width, which a model may
 * give as a number rather than a parameter. Undefined when every number the protocol reads has a control.
 */
export function protocolFixedNote(model: Model, choice: InputChoice): string | undefined {
  if (choice.protocol !== "pulse") return undefined;
  const notes = model.inputs.flatMap((i) =>
    i.kind === "protocol" && "value" in i.pulseWidth
      ? [`${i.label}: each pulse lasts ${Number(i.pulseWidth.value.toPrecision(4))} ${model.timeUnit}.`]
      : [],
  );
  return notes.length ? notes.join(" ") : undefined;
}
