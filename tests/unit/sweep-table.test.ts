import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { doseTable } from "../../src/app/analyses/dose-table.ts";
import type { DoseOutput } from "../../src/app/compute/jobs.ts";
import { runJob as runAnalysisJob } from "../../src/app/compute/run-job.ts";
import { sweepCommand } from "../../src/cli/commands/sweep.ts";
import { csvCell, resolveRun, sweepValues } from "../../src/engine/index.ts";
import { defaultModel } from "./analyses-helpers.ts";

const model = defaultModel();
const dir = mkdtempSync(join(tmpdir(), "sweep-table-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI's sweep CSV without its # lines. */
function cliTable(args: string[]): string[] {
  const file = join(dir, "sweep.csv");
  sweepCommand([...args, "--out", file]);
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("#"));
}

function appTable(out: DoseOutput): string[] {
  const t = doseTable(model, out);
  return [t.columns.join(","), ...t.rows.map((r) => r.map(csvCell).join(","))];
}

describe("one sweep table for the app's dose-response and the CLI's sweep", () => {
  it("writes the same columns and rows for the same sweep", () => {
    const values = sweepValues(0.05, 2, 5, true);
    const out = runAnalysisJob(
      model,
      resolveRun(model, { preset: "moderate-ne" }),
      { kind: "dose", param: "u", values, overlays: [] },
      () => true,
    ) as DoseOutput;
    const cli = cliTable([
      "--preset",
      "moderate-ne",
      "--param",
      "u",
      "--from",
      "0.05",
      "--to",
      "2",
      "--n",
      "5",
      "--log",
    ]);
    expect(cli[0]).toBe(
      ["u", "w_end", "outcome", ...model.readout.peaks.map((p) => `peak_${p}`), "time_in_ltd", "time_in_ltp"].join(","),
    );
    expect(appTable(out)).toEqual(cli);
  });

  it("adds a setting column, and the overlay's rows below, when the app overlays a treatment", () => {
    const out = runAnalysisJob(
      model,
      resolveRun(model, {}),
      { kind: "dose", param: "u", values: [0.3, 1], overlays: ["beta-blocker"] },
      () => true,
    ) as DoseOutput;
    const t = appTable(out);
    expect(t[0]?.split(",").at(-1)).toBe("setting");
    expect(t).toHaveLength(1 + 4);
    expect(t.slice(1).map((r) => r.split(",").at(-1))).toEqual([
      "current settings",
      "current settings",
      out.series[1]?.label,
      out.series[1]?.label,
    ]);
    // The first setting's rows are the CLI's rows for the same run, with the label added.
    const cli = cliTable(["--param", "u", "--from", "0.3", "--to", "1", "--n", "2"]);
    expect(t.slice(1, 3).map((r) => r.replace(/,current settings$/, ""))).toEqual(cli.slice(1));
  });
});
