import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mapCommand } from "../../src/cli/commands/map.ts";
import { populationCommand } from "../../src/cli/commands/population.ts";
import { sensitivityCommand } from "../../src/cli/commands/sensitivity.ts";
import { trialCommand } from "../../src/cli/commands/trial.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { runPopulation, runTrial } from "../../src/engine/index.ts";
import { defaultModel } from "./analyses-helpers.ts";
import { CLI } from "./cli-path.ts";

// The analysis commands as a user runs them: the bundled command line (`npx plasticity-lab …`) in a child process.
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const model = defaultModel();
const dir = mkdtempSync(join(tmpdir(), "analyses-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runToFile(command: (args: string[]) => void, args: string[]): string {
  const file = join(dir, "out.txt");
  command([...args, "--out", file]);
  return readFileSync(file, "utf8");
}

describe("analysis commands", () => {
  it("population --format json gives the same numbers as the engine in this process, for the same seed", () => {
    const r = cli("population", "--n", "30", "--seed", "4242", "--format", "json");
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    const here = runPopulation(model, {}, { seed: 4242, n: 30 });
    expect(data.label).toBe("Illustrative model — not physiological");
    expect(data.seed).toBe(4242);
    expect(data.base.share).toBe("?preset=strong-ne&seed=4242");
    // JSON keeps every double exactly, so equal means the same draws and the same solves.
    expect(data.subjects).toEqual(JSON.parse(JSON.stringify(here.subjects)));
    expect(data.fractions).toEqual(here.fractions);
    expect(data.treated.raised).toBe(here.treated?.raised);
  });

  it("trial --format json matches the engine, and --runs uses consecutive seeds", () => {
    const r = cli("trial", "--n", "10", "--seed", "8", "--runs", "2", "--format", "json");
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    expect(data.trials.map((t: { seed: number }) => t.seed)).toEqual([8, 9]);
    const here = runTrial(model, {}, { seed: 9, n: 10 });
    expect(data.trials[1].difference).toEqual(JSON.parse(JSON.stringify(here.difference)));
    expect(data.trials[1].arms[1].wEnd).toEqual(here.arms[1].wEnd);
  });

  // Output formats are checked in this process (the command functions with --out), to keep child processes few.
  it("writes CSV with the label, model, seed and base query on # lines", () => {
    const lines = runToFile(populationCommand, ["--n", "12", "--seed", "3", "--treatment", "none"]).trim().split("\n");
    expect(lines[0]).toBe("# Illustrative model — not physiological");
    expect(lines[1]).toBe("# model: ne-calcium-plasticity 1.0.0");
    expect(lines).toContain("# base: ?preset=strong-ne&seed=3");
    expect(lines.some((l) => l.startsWith("# analysis: population of 12 virtual subjects, seed 3"))).toBe(true);
    const body = lines.filter((l) => !l.startsWith("#"));
    expect(body[0]).toBe("subject,Kb,gb,cact,kdes,thp,w_end,outcome");
    expect(body).toHaveLength(13);
  });

  it("sensitivity and map write one row per parameter and per cell", () => {
    const s = runToFile(sensitivityCommand, ["--param", "u", "--param", "cact"]);
    const rows = s
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("#"));
    expect(rows[0]).toMatch(/^param,value,unit,step,scheme,S_w_end,S_peak_Rb,S_peak_C,/);
    expect(rows.slice(1).map((l) => l.split(",")[0])).toEqual(["u", "cact"]);
    expect(s).toMatch(/# method: Normalised local sensitivity/);

    const csv = runToFile(mapCommand, ["--y", "gb", "--nx", "3", "--ny", "2"]).trim().split("\n");
    expect(csv[0]).toBe("# Illustrative model — not physiological");
    expect(csv.filter((l) => !l.startsWith("#"))).toHaveLength(1 + 6);
    const map = JSON.parse(runToFile(mapCommand, ["--y", "gb", "--nx", "3", "--ny", "2", "--format", "json"]));
    expect(map.x.param).toBe("u");
    expect(map.wEnd).toHaveLength(2);
    expect(map.wEnd[0]).toHaveLength(3);
    expect(map.label).toBe("Illustrative model — not physiological");
  });

  it("exits 2 with one line for bad input", () => {
    const r = cli("map", "--y", "gb", "--y-to", "11");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/^error: gb = 11 is outside its range/);
  });

  it("turns every other bad input into a usage error (exit 2), before any run", () => {
    const cases: [(args: string[]) => void, string[], RegExp][] = [
      [populationCommand, ["--seed", "1.5"], /--seed/],
      [populationCommand, ["--spread", "Kb=wide:1"], /--spread/],
      [populationCommand, ["--spread", "P1=normal:0.1"], /fixed/],
      [populationCommand, ["--n", "0"], /--n/],
      [populationCommand, ["--treatment", "no-such-preset"], /unknown preset/],
      [trialCommand, ["--n", "500"], /10 to 200/],
      [trialCommand, ["--arm-b", "no-such-preset"], /unknown preset/],
      [trialCommand, ["--level", "1.2"], /--level/],
      [mapCommand, [], /needs --y/],
      [mapCommand, ["--y", "u"], /different/],
      [mapCommand, ["--y", "gb", "--nx", "1"], /--nx/],
      [sensitivityCommand, ["--param", "P1"], /fixed/],
      [sensitivityCommand, ["--step", "0.5"], /step/],
    ];
    for (const [command, args, message] of cases) expect(() => command(args), args.join(" ")).toThrow(message);
    for (const [command, args] of cases) {
      try {
        command(args);
      } catch (err) {
        expect(err, args.join(" ")).toBeInstanceOf(UsageError);
      }
    }
  });
});
