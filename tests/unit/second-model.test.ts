import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runJob } from "../../src/app/compute/run-job.ts";
import {
  fromJson,
  fromQuery,
  loadModel,
  NO_TREATMENT,
  PALETTE,
  resolveRun,
  runMap,
  runPopulation,
  runSensitivity,
  runSweep,
  runTrial,
  simulate,
  sweepValues,
  toCsv,
  toJson,
  toQuery,
  treatmentFromPreset,
} from "../../src/engine/index.ts";

// A second model with none of the default model's names and no display block: the engine, the CLI
// and the app's compute jobs must run it with no code change.
const FILE = "tests/fixtures/models/drug-messenger-response.yaml";
const model = loadModel(readFileSync(FILE, "utf8"), FILE);
const index = (name: string) => model.states.findIndex((s) => s.name === name);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args, "--model", FILE], {
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("the display block's defaults, for a model without one", () => {
  it("gives one panel per state, the infusion drawn with the state of its unit, titled by label", () => {
    expect(model.display.title).toBe("Time courses");
    expect(model.display.panels).toEqual([
      { id: "p", title: "Plasma drug", axis: "P (mg/L)", series: ["infusion", "P"] },
      { id: "occ", title: "Receptor occupancy", axis: "Occ", series: ["Occ"] },
      { id: "m", title: "Second messenger", axis: "M (nM)", series: ["M"] },
      { id: "s", title: "Response strength", axis: "S", series: ["S"] },
    ]);
  });

  it("colours the series from the colour-blind-safe palette in order, sweeps the protocol's amplitude, draws no rule curves", () => {
    expect(["infusion", "P", "Occ", "M", "S"].map((n) => model.display.colors[n])).toEqual(PALETTE.slice(0, 5));
    expect(model.display.dose).toBe("level");
    // The map's second axis: the first free parameter outside the dose's group (Infusion).
    expect(model.display.map).toBe("tauP");
    expect(model.display.rules).toBeUndefined();
    expect(model.display.readouts["peak:M"]).toBe("peak M (nM)");
    expect(model.display.readouts["end:S"]).toBe("S at the end");
    expect(model.display.readouts.timeInLtd).toBe("time in the LTD band (min)");
  });
});

describe("the engine on the second model", () => {
  it("solves the plasma level of a step infusion as level·(1 − exp(−(t − t0)/tauP)) (relative 1e-5)", () => {
    const r = simulate(model, resolveRun(model, { params: { level: 3 } }));
    const p = r.states[index("P")] as Float64Array;
    for (const t of [15, 30, 60, 70]) {
      const k = r.t.indexOf(t);
      expect(k).toBeGreaterThan(0);
      const exact = 3 * (1 - Math.exp(-(t - 10) / 5));
      expect(Math.abs((p[k] as number) - exact) / exact).toBeLessThan(1e-5);
    }
    // After the infusion ends at 70 min the level decays from its value then.
    const k = r.t.indexOf(90);
    const exact = 3 * (1 - Math.exp(-60 / 5)) * Math.exp(-20 / 5);
    expect(Math.abs((p[k] as number) - exact) / exact).toBeLessThan(1e-5);
  });

  it("sweeps its dose: no change at low levels, weakening in between, strengthening at high levels", () => {
    const r = runSweep(model, {}, "level", sweepValues(0.05, 100, 13, true));
    const outcomes = r.rows.map((row) => row.outcome);
    expect(outcomes[0]).toBe("none");
    expect(outcomes).toContain("LTD");
    expect(outcomes.at(-1)).toBe("LTP");
    expect(outcomes.indexOf("LTD")).toBeLessThan(outcomes.indexOf("LTP"));
    // The sweep reaches both ends of the range exactly, as given.
    expect(r.rows[0]?.value).toBe(0.05);
    expect(r.rows.at(-1)?.value).toBe(100);
  });

  it("runs a population with its spread and treatment, and a trial of two arms", () => {
    const pop = runPopulation(
      model,
      {},
      {
        seed: 3,
        n: 40,
        spread: model.population?.spread ?? [],
        treatment: treatmentFromPreset(model, "antagonist"),
      },
    );
    expect(pop.n).toBe(40);
    const again = runPopulation(model, {}, { seed: 3, n: 40, spread: model.population?.spread ?? [], treatment: null });
    expect(again.subjects.map((s) => s.wEnd)).toEqual(pop.subjects.map((s) => s.wEnd));
    const trial = runTrial(
      model,
      {},
      {
        seed: 1,
        n: 10,
        spread: model.population?.spread ?? [],
        arms: [NO_TREATMENT, treatmentFromPreset(model, "antagonist")],
      },
    );
    expect(trial.arms.map((a) => a.wEnd.length)).toEqual([10, 10]);
  });

  it("gives a messenger peak exactly proportional to the gain: sensitivity 1 within 1e-4", () => {
    const r = runSensitivity(model, {}, {});
    expect(r.outputs).toEqual(["w_end", "peak_M", "peak_Occ"]);
    const gain = r.rows.find((row) => row.param === "gain");
    expect(Math.abs((gain?.s.peak_M ?? 0) - 1)).toBeLessThan(1e-4);
    // Occupancy does not depend on the gain at all: what is left is the solver's tolerance (~1e-8 of the
    // peak) divided by the relative step 1e-3.
    expect(Math.abs(gain?.s.peak_Occ ?? 1)).toBeLessThan(1e-4);
  });

  it("maps the outcome over the dose and a second parameter", () => {
    const r = runMap(model, {}, { x: { param: "level", n: 5 }, y: { param: "Kd", n: 5 } });
    expect(r.wEnd.length).toBe(5);
    expect(r.wEnd.every((row) => row.length === 5 && row.every(Number.isFinite))).toBe(true);
  });

  it("exports CSV and JSON with its own names, reads the JSON back, and round-trips a share link", () => {
    const run = resolveRun(model, { params: { level: 0.8, Kd: 2 }, protocol: "train" });
    const r = simulate(model, run);
    const csv = toCsv(r).split("\n");
    expect(csv.find((l) => !l.startsWith("#"))).toBe("t,P,Occ,M,S");
    const json = toJson(r);
    expect(fromJson(model, JSON.parse(JSON.stringify(json)))).toMatchObject({
      params: { level: 0.8, Kd: 2 },
      protocol: "train",
    });
    const query = toQuery(run);
    expect(query).toContain("level=0.8");
    const back = fromQuery(model, query);
    expect(back.dropped).toEqual([]);
    expect(resolveRun(model, back.spec).values).toEqual(run.values);
  });

  it("runs the app's dose-response job with readouts keyed by id", () => {
    const out = runJob(
      model,
      resolveRun(model, {}),
      { kind: "dose", param: "level", values: [0.05, 3], overlays: ["antagonist"] },
      () => true,
    );
    if (out.kind !== "dose") throw new Error("not a dose output");
    // Every numeric readout of the model, by id: each state's end and peak, and the band times.
    const ids = ["P", "Occ", "M", "S"];
    expect(Object.keys(out.current.readouts).sort()).toEqual(
      [...ids.map((s) => `end:${s}`), ...ids.map((s) => `peak:${s}`), "timeInLtd", "timeInLtp"].sort(),
    );
    expect(out.series.map((s) => s.label)).toEqual(["current settings", "Antagonist (Kd × 10)"]);
    expect(out.series[0]?.outcome).toEqual(["none", "LTP"]);
  });
});

describe("the command line on the second model", () => {
  it("simulates, sweeps its dose and maps it, naming its own states and parameters", () => {
    const sim = cli("simulate", "--set", "level=0.8", "--format", "json");
    expect(sim.code).toBe(0);
    const data = JSON.parse(sim.out);
    expect(Object.keys(data.states)).toEqual(["P", "Occ", "M", "S"]);
    expect(data.summary.outcome).toBe("LTD");
    const sweep = cli("sweep", "--param", "level", "--from", "0.05", "--to", "100", "--n", "5", "--log");
    expect(sweep.code).toBe(0);
    expect(sweep.out).toContain("level,w_end,outcome,peak_M,peak_Occ,time_in_ltd,time_in_ltp");
    const map = cli("map", "--y", "Kd", "--nx", "3", "--ny", "3");
    expect(map.code).toBe(0);
    expect(map.out.split("\n").filter((l) => l && !l.startsWith("#")).length).toBe(1 + 9);
  });

  it("runs a population, a trial and the sensitivity analysis", () => {
    const pop = cli("population", "--n", "20", "--seed", "2", "--format", "json");
    expect(pop.code).toBe(0);
    expect(JSON.parse(pop.out).n).toBe(20);
    const trial = cli("trial", "--n", "10", "--runs", "2");
    expect(trial.code).toBe(0);
    const sens = cli("sensitivity", "--param", "gain", "--param", "Kd");
    expect(sens.code).toBe(0);
    expect(sens.out).toMatch(/^gain,/m);
  });
});
