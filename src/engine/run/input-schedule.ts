import type { Input, Model, ParamRef } from "../model/model.ts";
import type { ActivityMode, ProtocolKind } from "./protocol-kinds.ts";

/**
 * One stretch of time between breakpoints, in which every input is affine: value = v0 + slope·(t − t0).
 * Written from the segment's start so that a ramp is exactly 0 where it begins (no rounding below 0).
 */
export interface Segment {
  t0: number;
  t1: number;
  v0: Float64Array;
  slope: Float64Array;
}

/** The inputs over a whole run: solver segments and the inputs' values at any time. */
export interface InputSchedule {
  /** Sorted, first 0 and last tEnd; every edge of every input lies on one. */
  breakpoints: number[];
  segments: Segment[];
  /** Values of all inputs at t (right-continuous: at an edge, the value after it). */
  valueAt(t: number, out: Float64Array): void;
  /**
   * valueAt at every one of increasing `times`, into one column per input: the same numbers, found by
   * walking the segments once instead of a search per time (a run has thousands of output times).
   */
  sample(times: Float64Array, columns: Float64Array[]): void;
}

/** An input is `v + slope·(t − start)` on [start, end) and 0 elsewhere. */
interface Piece {
  start: number;
  end: number;
  v: number;
  slope: number;
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
      return [{ start, end: start + duration, v: kind === "none" ? 0 : amp, slope: 0 }];
    case "pulse":
      return [{ start, end: start + ref(input.pulseWidth), v: amp, slope: 0 }];
    case "ramp":
      return [{ start, end: start + duration, v: 0, slope: amp / duration }];
    case "train": {
      const count = Math.max(0, Math.round(ref(input.train.count)));
      const width = ref(input.train.width);
      const period = ref(input.train.period);
      const pieces: Piece[] = [];
      for (let k = 0; k < count; k++)
        pieces.push({ start: start + k * period, end: start + k * period + width, v: amp, slope: 0 });
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
    if (last && p.start <= last.end && last.slope === 0 && p.slope === 0 && last.v === p.v)
      last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

/**
 * Builds the inputs' time course for one run, with every edge as a breakpoint, and every time in
 * `extraBreakpoints` (the model's event times) as one too.
 */
export function buildSchedule(
  model: Model,
  values: Float64Array,
  choice: InputChoice,
  tEnd: number,
  extraBreakpoints: readonly number[] = [],
): InputSchedule {
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
    if (choice.activity === "always") perInput[input.index] = [{ start: 0, end: tEnd, v: 1, slope: 0 }];
    else if (choice.activity === "paired") {
      const partner = windows.get(input.pairedWith) ?? [];
      perInput[input.index] = merge(partner.map((w) => ({ start: w.start, end: w.end + extra, v: 1, slope: 0 })));
    }
  }
  const clipped = perInput.map((pieces) =>
    pieces
      .map((p) => {
        const start = Math.max(0, p.start);
        return { start, end: Math.min(tEnd, p.end), v: p.v + p.slope * (start - p.start), slope: p.slope };
      })
      .filter((p) => p.end > p.start),
  );
  const edges = new Set<number>([0, tEnd]);
  for (const pieces of clipped) for (const p of pieces) edges.add(p.start).add(p.end);
  for (const t of extraBreakpoints) if (t > 0 && t < tEnd) edges.add(t);
  const breakpoints = [...edges].sort((a, b) => a - b);

  const n = model.inputs.length;
  const pieceAt = (k: number, t: number) => (clipped[k] as Piece[]).find((p) => t >= p.start && t < p.end);
  const segments: Segment[] = [];
  // The piece of each input that is on in each segment (pieces never straddle a breakpoint), so that
  // valueAt needs a binary search over the breakpoints instead of a search through every piece.
  const onIn: (Piece | undefined)[][] = [];
  for (let j = 0; j + 1 < breakpoints.length; j++) {
    const t0 = breakpoints[j] as number;
    const seg = { t0, t1: breakpoints[j + 1] as number, v0: new Float64Array(n), slope: new Float64Array(n) };
    const on: (Piece | undefined)[] = [];
    for (let k = 0; k < n; k++) {
      const p = pieceAt(k, t0);
      on.push(p);
      seg.v0[k] = p ? p.v + p.slope * (t0 - p.start) : 0;
      seg.slope[k] = p ? p.slope : 0;
    }
    segments.push(seg);
    onIn.push(on);
  }
  return {
    breakpoints,
    segments,
    valueAt(t, out) {
      const tq = queryTime(t);
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((breakpoints[mid] as number) <= tq) lo = mid;
        else hi = mid - 1;
      }
      for (let k = 0; k < n; k++) out[k] = valueIn(lo, k, t, tq);
    },
    sample(times, columns) {
      const nt = times.length;
      const last = segments.length - 1;
      let lo = 0;
      let j = 0;
      while (j < nt) {
        // The last segment whose start is at or before tq, as valueAt's search finds it…
        const tq = queryTime(times[j] as number);
        if (tq < (breakpoints[lo] as number)) lo = 0;
        while (lo < last && (breakpoints[lo + 1] as number) <= tq) lo++;
        // …and the times after it in the same segment: filled input by input, the piece looked up once.
        let end = j + 1;
        while (end < nt) {
          const tqe = queryTime(times[end] as number);
          if (tqe < (breakpoints[lo] as number) || (lo < last && (breakpoints[lo + 1] as number) <= tqe)) break;
          end++;
        }
        for (let k = 0; k < n; k++) fill(columns[k] as Float64Array, times, j, end, onIn[lo]?.[k]);
        j = end;
      }
    },
  };

  /** valueIn over times[from … to) of one segment, whose piece of this input is `p`. */
  function fill(column: Float64Array, times: Float64Array, from: number, to: number, p: Piece | undefined): void {
    if (!p) {
      column.fill(0, from, to);
      return;
    }
    const { start, end, v, slope } = p;
    for (let j = from; j < to; j++) {
      const t = times[j] as number;
      const tq = queryTime(t);
      column[j] = tq >= 0 && tq < tEnd && tq >= start && tq < end ? v + slope * (t - start) : 0;
    }
  }

  // At tEnd itself the run is over; report the value just before it, so that plots end level.
  function queryTime(t: number): number {
    return t >= tEnd ? tEnd - 1e-9 * Math.max(1, tEnd) : t;
  }

  function valueIn(segment: number, k: number, t: number, tq: number): number {
    const p = tq >= 0 && tq < tEnd ? onIn[segment]?.[k] : undefined;
    return p && tq >= p.start && tq < p.end ? p.v + p.slope * (t - p.start) : 0;
  }
}
