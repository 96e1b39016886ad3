import type { MathNode } from "mathjs";
import type { Display } from "./display.ts";
import type { ClaimDef } from "./model-schema.ts";

/** A validated model, ready to compile: every number evaluated, every expression parsed and checked. */
export interface Model {
  id: string;
  version: string;
  title: string;
  label: string;
  summary: string;
  /** Markdown: what the model leaves out and why its choices were made. */
  about: string;
  /** Markdown list of the works the model and its claims cite. */
  references: string;
  file: string;
  timeUnit: string;
  /** Name of the parameter that sets the simulated time. */
  endParam: string;
  inputs: Input[];
  states: State[];
  /** In dependency order: each helper only uses helpers before it. */
  helpers: Helper[];
  parameters: Parameter[];
  readout: Readout;
  /** Scheduled jumps of states, in declared order (the order of jumps at equal times). */
  events: ModelEvent[];
  /** Heaviside switches; their names read as 0/1 in rates and helpers. */
  switches: Switch[];
  /** Named numbers over the final state, in dependency order (a readout uses only readouts before it). */
  derivedReadouts: DerivedReadout[];
  presets: Preset[];
  claims: ClaimDef[];
  /** How virtual subjects differ, for the population and trial analyses; absent if the file has none. */
  population?: PopulationDef;
  /** How the app shows the model: the file's display block, each missing field derived from the model. */
  display: Display;
}

/**
 * One parameter's spread across subjects, centred on the current value p0: log-normal draws
 * p0·exp(sigma·z) (sigma of ln p, so p0 is the median), normal draws p0 + sigma·z (sigma in p's unit).
 */
export interface SpreadEntry {
  param: string;
  kind: "lognormal" | "normal";
  sigma: number;
}

export interface PopulationDef {
  description: string;
  spread: SpreadEntry[];
  /** Preset whose change from the defaults is the treatment given to the same subjects. */
  treatment?: string;
}

export interface Parameter {
  name: string;
  index: number;
  label: string;
  symbol: string;
  unit: string;
  default: number;
  /** Absent only for fixed parameters. */
  range?: [number, number];
  scale: "linear" | "log";
  step?: number;
  fixed: boolean;
  group: string;
  description: string;
}

export interface State {
  name: string;
  index: number;
  label: string;
  unit: string;
  initial: number;
  rate: string;
  node: MathNode;
  bounds: [number | null, number | null];
  description: string;
}

export interface Helper {
  name: string;
  label: string;
  args: string[];
  expr: string;
  node: MathNode;
  /** The declared unit, or "–" where none is declared (then `unitGiven` is false and the unit check infers it). */
  unit: string;
  unitGiven: boolean;
  description: string;
}

/** A number in the model that is either a constant or the current value of a parameter. */
export type ParamRef = { param: string } | { value: number };

export interface ProtocolInput {
  kind: "protocol";
  name: string;
  index: number;
  label: string;
  unit: string;
  description: string;
  amplitude: string;
  start: ParamRef;
  duration: ParamRef;
  pulseWidth: ParamRef;
  train: { count: ParamRef; width: ParamRef; period: ParamRef };
}

export interface ActivityInput {
  kind: "activity";
  name: string;
  index: number;
  label: string;
  unit: string;
  description: string;
  pairedWith: string;
  extra: ParamRef;
}

export type Input = ProtocolInput | ActivityInput;

export interface Readout {
  /** The state or derived readout whose final value is the run's weight (w_end); absent if none. */
  weight: string | undefined;
  ltpAbove: number | undefined;
  ltdBelow: number | undefined;
  /** States whose peaks are highlighted (every state's peak is a readout anyway). */
  peaks: string[];
  bands: { state: string; ltd: [ParamRef, ParamRef | null]; ltp: [ParamRef, ParamRef | null] } | undefined;
}

/** An expression as written in the file and as parsed. */
export interface Expr {
  text: string;
  node: MathNode;
}

/** `count` jumps at start + k·period + delay (k = 0 … count − 1); times are expressions over parameters. */
export interface ModelEvent {
  name: string;
  label: string;
  description: string;
  start: Expr;
  period: Expr | undefined;
  count: Expr;
  delay: Expr;
  /** Applied in order; each expression sees the states as already changed by the lines before it. */
  assign: { state: string; index: number; value: Expr }[];
}

/** 1 where `expr` > 0, else 0; held between the crossings the solver locates. */
export interface Switch {
  name: string;
  index: number;
  label: string;
  description: string;
  expr: Expr;
}

export interface DerivedReadout {
  name: string;
  label: string;
  unit: string;
  description: string;
  expr: Expr;
}

export interface Preset {
  id: string;
  label: string;
  purpose: string;
  isDefault: boolean;
  protocol?: string;
  activity?: string;
  params: Record<string, number>;
}

export function defaultPreset(model: Model): Preset | undefined {
  return model.presets.find((p) => p.isDefault) ?? model.presets[0];
}
