import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyJump,
  exportModel,
  loadModel,
  type Model,
  type ResolvedRun,
  resolveRun,
  type SimulationResult,
  SwitchRuntime,
  scheduleJumps,
  simulate,
} from "../../src/engine/index.ts";
import {
  checkSbml,
  deviations,
  limited,
  pythonWith,
  requireXppaut,
  runScipy,
  runXpp,
  type SbmlReport,
} from "./export-tools.ts";

// Every export is run by the tool it is for, and its trajectory is compared with the engine's at 20
// checkpoints. The engine's reference is odex at rtol 1e-10, atol 1e-14 (at atol 1e-12 its own error in
// a state that has decayed to 1e-9 approaches 1e-4 of the scale the comparison uses); the app's
// default solve is compared too, for the report.
const TOLERANCE = 1e-4;
const SHIPPED = readdirSync("models")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => `models/${f}`);
// switch-trace: jumps and a switch whose crossings decide the result (time above a threshold);
// sequential-jumps: a jump at t = 0 whose lines read each other, and a switch that starts on.
const FIXTURES = [
  "tests/fixtures/exports/names-and-log.yaml",
  "tests/fixtures/minimal-model.yaml",
  "tests/fixtures/switch-trace.yaml",
  "tests/fixtures/exports/sequential-jumps.yaml",
];
const load = (file: string) => loadModel(readFileSync(file, "utf8"), file);

interface Case {
  name: string;
  model: Model;
  run: ResolvedRun;
}

function tEndOf(run: ResolvedRun): number {
  return run.values[run.model.parameters.find((p) => p.name === run.model.endParam)?.index ?? -1] as number;
}

/** Settings nobody chose: every free parameter drawn in its range (log-uniform where log-scaled). */
function randomRun(model: Model, seed: number): ResolvedRun {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const params: Record<string, number> = {};
  for (const p of model.parameters) {
    if (!p.range) continue;
    const [lo, hi] = p.range;
    const raw = p.scale === "log" ? lo * (hi / lo) ** next() : lo + (hi - lo) * next();
    const v = p.step ? lo + Math.round((raw - lo) / p.step) * p.step : Number(raw.toPrecision(4));
    params[p.name] = Math.min(hi, Math.max(lo, v));
  }
  const protocols = ["step", "pulse", "ramp", "train"];
  const activities = ["paired", "always", "off"];
  return resolveRun(model, {
    params,
    protocol: protocols[Math.floor(next() * protocols.length)],
    activity: activities[Math.floor(next() * activities.length)],
  });
}

const cases: Case[] = [];
for (const file of [...SHIPPED, ...FIXTURES]) {
  const model = load(file);
  for (const p of model.presets)
    cases.push({ name: `${file} ${p.id}`, model, run: resolveRun(model, { preset: p.id }) });
}
const defaultModel = load("models/ne-calcium-plasticity.yaml");
cases.push({
  name: "default model, moderate-ne, u = 0.42",
  model: defaultModel,
  run: resolveRun(defaultModel, { preset: "moderate-ne", params: { u: 0.42 } }),
});
for (const seed of [7, 1234, 98765]) {
  cases.push({
    name: `default model, random settings (seed ${seed})`,
    model: defaultModel,
    run: randomRun(defaultModel, seed),
  });
}

interface Outcome {
  xpp?: number[];
  scipy?: number[];
  scipyHeader?: string[];
  sbml?: SbmlReport;
  /** w at the end (where the weight is a state): precise engine, the app's default solve, XPPAUT, SciPy. */
  wEnd?: { engine: number; app: number; xpp: number; scipy: number };
  error?: string;
}

const outcomes = new Map<string, Outcome>();
let toolError: string | undefined;

function checkpoints(tEnd: number): number[] {
  return Array.from({ length: 20 }, (_, k) => ((k + 1) * tEnd) / 20);
}

async function runCase(c: Case, scipyPython: string, sbmlPython: string): Promise<Outcome> {
  const tEnd = tEndOf(c.run);
  const every = tEnd / 200;
  const engine: SimulationResult = simulate(c.model, c.run, {
    method: "odex",
    rtol: 1e-10,
    atol: 1e-14,
    every,
    maxSteps: 5_000_000,
  });
  const app = simulate(c.model, c.run, { every });
  const weight = c.model.states.findIndex((s) => s.name === c.model.readout.weight);
  try {
    const [xpp, scipy, sbml] = await Promise.all([
      runXpp(exportModel(c.model, c.run, "xpp", { every }).text),
      runScipy(exportModel(c.model, c.run, "scipy", { every }).text, scipyPython),
      checkSbml(exportModel(c.model, c.run, "sbml").text, sbmlPython),
    ]);
    const last = (rows: number[][]) => (rows[rows.length - 1] as number[])[weight] as number;
    return {
      xpp: deviations(engine, xpp, checkpoints(tEnd)),
      scipy: deviations(engine, scipy, checkpoints(tEnd)),
      scipyHeader: scipy.header,
      sbml,
      ...(weight >= 0
        ? {
            wEnd: {
              engine: engine.summary.wEnd,
              app: app.summary.wEnd,
              xpp: last(xpp.rows),
              scipy: last(scipy.rows),
            },
          }
        : {}),
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

beforeAll(async () => {
  let scipyPython: string;
  let sbmlPython: string;
  try {
    requireXppaut();
    scipyPython = pythonWith("numpy", "scipy");
    sbmlPython = pythonWith("libsbml");
  } catch (err) {
    toolError = (err as Error).message;
    return;
  }
  const results = await limited(
    cases.map((c) => () => runCase(c, scipyPython, sbmlPython)),
    2,
  );
  for (const [k, c] of cases.entries()) outcomes.set(c.name, results[k] as Outcome);
}, 1_800_000);

afterAll(() => {
  // The numbers behind the assertions, for the report: max relative deviation per case and target.
  const rows = cases.map((c) => {
    const o = outcomes.get(c.name);
    const max = (xs?: number[]) => (xs ? Math.max(...xs).toExponential(1) : "-");
    const w = o?.wEnd;
    const rel = (x?: number) =>
      w && x !== undefined ? (Math.abs(x - w.engine) / Math.abs(w.engine)).toExponential(1) : "-";
    const warnings = o?.sbml ? String(o.sbml.warnings.length) : "-";
    return `${c.name.padEnd(64)} xpp ${max(o?.xpp)}  scipy ${max(o?.scipy)}  | w_end ${w?.engine.toPrecision(7) ?? "-"}: app ${rel(w?.app)} xpp ${rel(w?.xpp)} scipy ${rel(w?.scipy)} | sbml warnings ${warnings}`;
  });
  console.info(`export checks (max relative deviation at 20 checkpoints):\n${rows.join("\n")}`);
});

function outcome(c: Case): Outcome {
  if (toolError) throw new Error(toolError);
  const o = outcomes.get(c.name);
  if (!o) throw new Error(`no result for ${c.name}`);
  if (o.error) throw new Error(o.error);
  return o;
}

describe("exports checked by the tools themselves", () => {
  it("covers every shipped model and every preset, the fixtures, and settings nobody chose", () => {
    expect(cases.length).toBeGreaterThanOrEqual(SHIPPED.length + 4);
    for (const file of SHIPPED) {
      const model = load(file);
      for (const p of model.presets) expect(cases.some((c) => c.name === `${file} ${p.id}`)).toBe(true);
    }
    // At least one shipped model has scheduled events and switches, and is among the cases.
    expect(
      cases.some((c) => c.model.events.length > 0 && c.model.switches.length > 0 && SHIPPED.includes(c.model.file)),
    ).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: XPPAUT's trajectory matches the engine to 1e-4`, () => {
      const o = outcome(c);
      expect(Math.max(...(o.xpp as number[]))).toBeLessThan(TOLERANCE);
    });

    it(`${c.name}: the SciPy script's trajectory matches the engine to 1e-4, under the model's state names`, () => {
      const o = outcome(c);
      expect(o.scipyHeader).toEqual(["t", ...c.model.states.map((s) => s.name)]);
      expect(Math.max(...(o.scipy as number[]))).toBeLessThan(TOLERANCE);
    });

    it(`${c.name}: libSBML reads the SBML and finds no error`, () => {
      const o = outcome(c);
      const r = o.sbml as SbmlReport;
      if (r.warnings.length)
        console.info(`${c.name}: libSBML warnings:\n  ${r.warnings.map((w) => w.split("\n")[0]).join("\n  ")}`);
      expect(r.errors).toEqual([]);
      expect([r.level, r.version]).toEqual([3, 2]);
      const plain = c.model.helpers.filter((h) => h.args.length === 0).length;
      expect(r.rules).toBe(c.model.states.length + c.model.inputs.length + plain);
      expect(r.functions).toBe(c.model.helpers.length - plain);
    });

    if (c.model.events.length || c.model.switches.length)
      it(`${c.name}: the SBML events fire at the engine's times and assign what it assigns (evaluated by libSBML)`, () => {
        const r = outcome(c).sbml as SbmlReport;
        const { model, run } = c;
        const byId = new Map(r.events.map((e) => [e.id, e]));
        expect(r.events.length).toBe(model.events.length + 2 * model.switches.length);
        const { jumps } = scheduleJumps(model.events, model.parameters, run.values, tEndOf(run));
        const y0 = model.states.map((s) => s.initial);
        for (const [k, ev] of model.events.entries()) {
          const e = byId.get(ev.name);
          if (!e) throw new Error(`no SBML event ${ev.name}`);
          // A jump may fire at t = 0, reads the values as they are when it fires, without delay, and
          // fires before a later-declared event at the same time.
          expect([e.initialValue, e.persistent, e.delay, e.useValuesFromTriggerTime]).toEqual([
            false,
            true,
            null,
            false,
          ]);
          expect(e.priority).toBe(`${model.events.length - k} dimensionless`);
          const want = jumps.filter((j) => j.event === ev).map((j) => j.time);
          expect(e.times?.length).toBe(want.length);
          const gap = (e.times ?? []).map((t, i) => Math.abs(t - (want[i] as number)) / Math.max(1, t));
          expect(Math.max(0, ...gap)).toBeLessThanOrEqual(1e-12);
          // Its assignments at the initial state are the engine's jump there, bounds included.
          const y = [...y0];
          applyJump(ev, model, y, run.values);
          for (const a of ev.assign) {
            const s = model.states[a.index];
            const v = Math.min(
              s?.bounds[1] ?? Number.POSITIVE_INFINITY,
              Math.max(s?.bounds[0] ?? Number.NEGATIVE_INFINITY, y[a.index] as number),
            );
            expect(e.valuesAtStart[a.state]).toBeCloseTo(v, 12);
          }
          expect(Object.keys(e.assign).sort()).toEqual(
            [...new Set(ev.assign.map((a) => a.state)), `n_${ev.name}`].sort(),
          );
        }
        const params = new Float64Array(run.values.length + model.switches.length);
        params.set(run.values);
        const runtime = new SwitchRuntime(model, params, run.values.length);
        runtime.reset(y0, new Float64Array(model.inputs.length));
        for (const w of model.switches) {
          const on = byId.get(`${w.name}_on`);
          const off = byId.get(`${w.name}_off`);
          if (!on || !off) throw new Error(`no SBML events for switch ${w.name}`);
          // Never at the start (the initial assignment sets the switch there); on and off are complements.
          for (const e of [on, off]) expect([e.initialValue, e.persistent, e.delay]).toEqual([true, true, null]);
          expect(off.trigger).toBe(`!(${on.trigger})`);
          expect(on.valuesAtStart).toEqual({ [w.name]: 1 });
          expect(off.valuesAtStart).toEqual({ [w.name]: 0 });
          expect(r.initialAssignments[w.name]?.value).toBe(runtime.value(w.index));
        }
      });
  }
});
