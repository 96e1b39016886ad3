import { type Model, type SweepTableRow, sweepTable } from "../../engine/index.ts";
import type { DoseOutput } from "../compute/jobs.ts";

/** The dose-response as the engine's one sweep table, the format of the CLI's `sweep` CSV. */
export function doseTable(model: Model, out: DoseOutput): { columns: string[]; rows: (number | string)[][] } {
  const weight = model.readout.weight;
  const rows: SweepTableRow[] = out.series.flatMap((s) =>
    s.values.map((value, i) => {
      const readouts = Object.fromEntries(Object.entries(s.readouts).map(([id, v]) => [id, v[i] as number]));
      const at = (id: string) => readouts[id] ?? Number.NaN;
      return {
        value,
        wEnd: weight === undefined ? Number.NaN : (readouts[`end:${weight}`] ?? at(weight)),
        outcome: s.outcome[i] as string,
        peaks: Object.fromEntries(model.readout.peaks.map((name) => [name, at(`peak:${name}`)])),
        timeInLtd: at("timeInLtd"),
        timeInLtp: at("timeInLtp"),
        readouts,
        setting: s.label,
      };
    }),
  );
  return sweepTable(model, out.param, rows);
}
