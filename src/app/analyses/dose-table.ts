import { type Model, type SweepTableRow, sweepTable } from "../../engine/index.ts";
import type { DoseOutput } from "../compute/analysis-messages.ts";

/** The dose-response as the engine's one sweep table, the format of the CLI's `sweep` CSV. */
export function doseTable(model: Model, out: DoseOutput): { columns: string[]; rows: (number | string)[][] } {
  const rows: SweepTableRow[] = out.series.flatMap((s) =>
    s.values.map((value, i) => ({
      value,
      wEnd: s.wEnd[i] as number,
      outcome: s.outcome[i] as string,
      peaks: Object.fromEntries(Object.entries(s.peaks).map(([name, v]) => [name, v[i] as number])),
      timeInLtd: s.timeInLtd[i] as number,
      timeInLtp: s.timeInLtp[i] as number,
      setting: s.label,
    })),
  );
  return sweepTable(model, out.param, rows);
}
