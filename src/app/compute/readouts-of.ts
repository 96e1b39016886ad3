import type { Model, Summary } from "../../engine/index.ts";

/**
 * A run's numeric readouts by id: `end:<state>` for the weight, `peak:<state>` for each peak the model
 * reads out, `timeInLtd` and `timeInLtp`. A summary that carries its own readouts map gives that.
 */
export function readoutsOf(model: Model, summary: Summary): Record<string, number> {
  const own = (summary as Summary & { readouts?: Record<string, number | string> }).readouts;
  if (own)
    return Object.fromEntries(Object.entries(own).filter((e): e is [string, number] => typeof e[1] === "number"));
  const out: Record<string, number> = { [`end:${model.readout.weight}`]: summary.wEnd };
  for (const [name, p] of Object.entries(summary.peaks)) out[`peak:${name}`] = p.value;
  out.timeInLtd = summary.timeInLtd;
  out.timeInLtp = summary.timeInLtp;
  return out;
}

/**
 * The numeric readouts analyses offer, in order: the weight (`end:<state>`, or the derived readout that
 * is the weight), the model's other derived readouts, the highlighted peaks, the time in each band
 * (where the model has bands).
 */
export function numericReadoutIds(model: Model): string[] {
  const derived = model.derivedReadouts.map((r) => r.name);
  const weight = weightReadoutId(model);
  return [
    ...(weight === undefined ? [] : [weight]),
    ...derived.filter((id) => id !== weight),
    ...model.readout.peaks.map((p) => `peak:${p}`),
    ...(model.readout.bands ? ["timeInLtd", "timeInLtp"] : []),
  ];
}

/** The readout id of the model's weight: a derived readout's name, or `end:<state>`; undefined without a weight. */
export function weightReadoutId(model: Model): string | undefined {
  const w = model.readout.weight;
  if (w === undefined) return undefined;
  return model.derivedReadouts.some((r) => r.name === w) ? w : `end:${w}`;
}

/** A readout's label with its unit, from the model's display block. */
export function readoutLabel(model: Model, id: string): string {
  return model.display.readouts[id] ?? id;
}
