import { describe, expect, it } from "vitest";
import { fromJson, fromQuery, resolveRun, simulate, toCsv, toJson, toQuery } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();

describe("exports and share queries", () => {
  it("a JSON export re-imports to the same numbers", () => {
    const spec = { preset: "train", params: { u: 2.5, gb: 4 }, activity: "always" };
    const a = simulate(model, spec);
    const json = JSON.parse(JSON.stringify(toJson(a)));
    const b = simulate(model, fromJson(model, json));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(b.protocol).toBe("train");
    expect(b.activity).toBe("always");
    expect(b.summary.wEnd).toBe(a.summary.wEnd);
    expect(Array.from(b.states[5] as Float64Array)).toEqual(json.states.w);
  });

  it("a JSON import of another model version, a tampered or out-of-range value is refused", () => {
    const json = toJson(simulate(model, {}));
    expect(() => fromJson(model, { ...json, version: "0.9.0" })).toThrow(/version 0\.9\.0/);
    expect(() => fromJson(model, { ...json, format: 7 })).toThrow(/format 7/);
    expect(() => fromJson(model, { ...json, params: { ...json.params, u: "1" } })).toThrow(/params\.u is not a number/);
    expect(() => simulate(model, fromJson(model, { ...json, params: { ...json.params, u: 1e308 } }))).toThrow(
      /u = 1e\+308 is outside its range/,
    );
    expect(() => fromJson(model, { ...json, params: { ...json.params, P1: 9 } })).toThrow(/P1 is fixed/);
  });

  it("the share query holds preset, protocol, activity and only what differs from the preset", () => {
    const run = resolveRun(model, { preset: "moderate-ne", params: { gb: 5, u: 0.3 }, protocol: "ramp" });
    expect(toQuery(run)).toBe("preset=moderate-ne&protocol=ramp&gb=5");
    const back = fromQuery(model, toQuery(run));
    expect(back.dropped).toEqual([]);
    expect(Array.from(resolveRun(model, back.spec).values)).toEqual(Array.from(run.values));
  });

  it("a bad query entry is dropped with a message naming it while the rest loads", () => {
    const r = fromQuery(model, `u=abc&Kb=1e308&gb=4&%3Cscript%3E=1&preset=zzz&seed=42&x=${"9".repeat(200)}`, ["seed"]);
    expect(r.spec.params).toEqual({ gb: 4 });
    expect(r.other).toEqual({ seed: "42" });
    expect(r.dropped.map((d) => d.message)).toEqual([
      'u: "abc" is not a number',
      "Kb = 1e+308 is outside its range, 0.01 to 10 µM",
      'unknown parameter "<script>"',
      'unknown preset "zzz"',
      '"x": value is too long (200 characters)',
    ]);
  });

  it("the CSV carries the label, the share query and every parameter", () => {
    const csv = toCsv(simulate(model, { params: { u: 0.3 } }, { every: 600 }), "https://example.org/lab/?u=0.3");
    const lines = csv.split("\n");
    expect(lines[0]).toBe("# Illustrative model — not physiological");
    expect(lines).toContain("# share: ?preset=strong-ne&u=0.3");
    expect(lines).toContain("# link: https://example.org/lab/?u=0.3");
    expect(lines.filter((l) => l.startsWith("# param ")).length).toBe(model.parameters.length);
    expect(lines.find((l) => !l.startsWith("#"))).toBe("t,N,Rb,D,Ra,C,w");
  });
});
