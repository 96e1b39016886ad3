import type { Input, Model, ParamRef } from "./model.ts";
import type { ActivityMode, ProtocolKind } from "./protocol-kinds.ts";

/** One stretch of time between breakpoints, in which every input is affine: value = c0 + c1 * t. */
export interface Segment {
  t0: number;
  t1: number;
  c0: Float64Array;
  c1: Float64Array;
}

/** The inputs over a whole run: solver segments and the inputs' values at any time. */
export interface InputSchedule {
  /** Sorted, first 0 and last tEnd; every edge of every input lies on one. */
  breakpoints: number[];
  segments: Segment[];
  /** Values of all inputs at t (right-continuous: at an edge, the value after it). */
  valueAt(t: number, out: Float64Array): void;
}

interface Piece {
  start: number;
  end: number;
  c0: number;
  c1: number;
}

export interface InputChoice {
  protocol: ProtocolKind;
  activity: ActivityMode;
}

export function refValue(ref: ParamRef, model: Model, values: Float64Array): number {
  if ("value" in ref) return ref.value;
  const p = model.parameters.find((q) => q.name === ref.param);
  return p ? (values[p.index] as number) : Number.NaN;
}

/** Windows in which a protocol input is applied (for `none`, the window a vehicle would be). */
function applicationPieces(
  input: Extract<Input, { kind: "protocol" }>,
  kind: ProtocolKind,
  model: Model,
  v: Float64Array,
): Piece[] {
  const ref = (r: ParamRef) => refValue(r, model, v);
  const amp = v[(model.parameters.find((p) => p.name === input.amplitude)?.index ?? -1) as number] as number;
  const start = ref(input.start);
  const duration = ref(input.duration);
  switch (kind) {
    case "step":
    case "none":
      return [{ start, end: start + duration, c0: kind === "none" ? 0 : amp, c1: 0 }];
    case "pulse":
      return [{ start, end: start + ref(input.pulseWidth), c0: amp, c1: 0 }];
    case "ramp":
      return [{ start, end: start + duration, c0: (-amp * start) / duration, c1: amp / duration }];
    case "train": {
      const count = Math.max(0, Math.round(ref(input.train.count)));
      const width = ref(input.train.width);
      const period = ref(input.train.period);
      const pieces: Piece[] = [];
      for (let k = 0; k < count; k++)
        pieces.push({ start: start + k * period, end: start + k * period + width, c0: amp, c1: 0 });
      return merge(pieces);
    }
  }
}

// Overlapping windows of a constant input become one, so that an edge is never inside a window.
function merge(pieces: Piece[]): Piece[] {
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  const out: Piece[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end && last.c0 === p.c0 && last.c1 === p.c1) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

/** Builds the inputs' time course for one run, with every edge as a breakpoint. */
export function buildSchedule(model: Model, values: Float64Array, choice: InputChoice, tEnd: number): InputSchedule {
  const perInput: Piece[][] = model.inputs.map(() => []);
  const windows = new Map<string, Piece[]>();
  for (const input of model.inputs) {
    if (input.kind !== "protocol") continue;
    const pieces = applicationPieces(input, choice.protocol, model, values);
    windows.set(input.name, pieces);
    perInput[input.index] = choice.protocol === "none" ? [] : pieces;
  }
  for (const input of model.inputs) {
    if (input.kind !== "activity") continue;
    const extra = refValue(input.extra, model, values);
    if (choice.activity === "always") perInput[input.index] = [{ start: 0, end: tEnd, c0: 1, c1: 0 }];
    else if (choice.activity === "paired") {
      const partner = windows.get(input.pairedWith) ?? [];
      perInput[input.index] = merge(partner.map((w) => ({ start: w.start, end: w.end + extra, c0: 1, c1: 0 })));
    }
  }
  const clipped = perInput.map((pieces) =>
    pieces
      .map((p) => ({ ...p, start: Math.max(0, p.start), end: Math.min(tEnd, p.end) }))
      .filter((p) => p.end > p.start),
  );
  const edges = new Set<number>([0, tEnd]);
  for (const pieces of clipped) for (const p of pieces) edges.add(p.start).add(p.end);
  const breakpoints = [...edges].sort((a, b) => a - b);

  const n = model.inputs.length;
  const at = (t: number, c0: Float64Array, c1: Float64Array) => {
    for (let k = 0; k < n; k++) {
      const piece = (clipped[k] as Piece[]).find((p) => t >= p.start && t < p.end);
      c0[k] = piece ? piece.c0 : 0;
      c1[k] = piece ? piece.c1 : 0;
    }
  };
  const segments: Segment[] = [];
  for (let k = 0; k + 1 < breakpoints.length; k++) {
    const t0 = breakpoints[k] as number;
    const t1 = breakpoints[k + 1] as number;
    const seg = { t0, t1, c0: new Float64Array(n), c1: new Float64Array(n) };
    at(t0, seg.c0, seg.c1);
    segments.push(seg);
  }
  const c0 = new Float64Array(n);
  const c1 = new Float64Array(n);
  return {
    breakpoints,
    segments,
    valueAt(t, out) {
      // At tEnd itself the run is over; report the value just before it, so that plots end level.
      at(t >= tEnd ? tEnd - 1e-9 * Math.max(1, tEnd) : t, c0, c1);
      for (let k = 0; k < n; k++) out[k] = (c0[k] as number) + (c1[k] as number) * t;
    },
  };
}
