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

/** The numeric readouts a model's runs carry, in the order analyses offer them. */
export function numericReadoutIds(model: Model): string[] {
  return [`end:${model.readout.weight}`, ...model.readout.peaks.map((p) => `peak:${p}`), "timeInLtd", "timeInLtp"];
}

/** A readout's label with its unit, from the model's display block. */
export function readoutLabel(model: Model, id: string): string {
  return model.display.readouts[id] ?? id;
}
