import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, loadModel, type Model, type PrecompiledRates, resolveRun } from "../../src/engine/index.ts";

// compileModel(model, backend, precompiled): an earlier compile's output (as a host keeps it, through
// JSON) stands in for differentiating and generating the rate code, and is refused when it does not fit.
const files = [
  "models/ne-calcium-plasticity.yaml",
  "models/graupner-brunel-2012.yaml",
  "models/shouval-2002-rule.yaml",
];
const load = (file: string): Model => loadModel(readFileSync(file, "utf8"), file);
/** What a host keeps of a compile of the file's model: its precompiled rates, through JSON. */
const kept = (file: string): PrecompiledRates => {
  const pre = compileModel(load(file), "function").precompiled;
  if (!pre) throw new Error("the function back end gave no precompiled rates");
  return JSON.parse(JSON.stringify(pre));
};

/** Rates, self-derivatives, Jacobian and helper values at a few states, for comparing two compiles. */
function evaluations(model: Model, backend: "auto" | "function" | "closures", pre?: PrecompiledRates): number[][] {
  const c = compileModel(model, backend, pre);
  const n = model.states.length;
  const m = model.inputs.length;
  const p = new Float64Array([...resolveRun(model).values, ...model.switches.map(() => 1)]);
  const inp = Float64Array.from(model.inputs, (_, k) => 0.3 + 0.1 * k);
  const rows: number[][] = [];
  for (const scale of [0.5, 1, 1.7]) {
    const y = Float64Array.from(model.states, (s, k) => (s.initial + 0.1 * (k + 1)) * scale);
    const out = new Float64Array(n);
    const diag = new Float64Array(n);
    c.rhs(0, y, p, inp, out, diag);
    const f = new Float64Array(n);
    const J = new Float64Array(n * n);
    const Ji = new Float64Array(n * m);
    c.jacobian(0, y, p, inp, f, J, Ji);
    const h = new Float64Array(model.helpers.length);
    c.helperValues(y, p, inp, h);
    rows.push([...out, ...diag, ...f, ...J, ...Ji, ...h]);
  }
  return rows;
}

describe("precompiled rate code", () => {
  it.each(files)("%s: the kept code gives the same functions as a compile from the equations", (file) => {
    const fromEquations = compileModel(load(file), "function");
    const model = load(file);
    const pre = kept(file);
    const reused = compileModel(model, "auto", pre);
    expect(reused.source).toBe(fromEquations.source);
    expect(reused.diagonal).toEqual(fromEquations.diagonal);
    expect(reused.linearInOwnState).toEqual(fromEquations.linearInOwnState);
    expect(evaluations(model, "auto")).toEqual(evaluations(load(file), "function"));
    // "auto" keeps it for the model's later compiles (simulate's own).
    expect(compileModel(model)).toBe(reused);
  });

  it("code kept for another model is refused and the model compiled from its own equations", () => {
    const [a, b] = [load(files[0] as string), load(files[1] as string)];
    expect(a.states.length).not.toBe(b.states.length);
    const reused = compileModel(b, "auto", kept(files[0] as string));
    expect(reused.source).toBe(compileModel(load(files[1] as string), "function").source);
  });

  it.each([
    ["source that does not parse", (pre: PrecompiledRates) => ({ ...pre, source: "}{" })],
    ["source that returns no functions", (pre: PrecompiledRates) => ({ ...pre, source: "return {};" })],
    ["a diagonal of the wrong length", (pre: PrecompiledRates) => ({ ...pre, diagonal: pre.diagonal.slice(1) })],
    [
      "flags that are not booleans",
      (pre: PrecompiledRates) => ({ ...pre, linearInOwnState: pre.linearInOwnState.map(() => 1) }),
    ],
  ] as [string, (pre: PrecompiledRates) => unknown][])("%s is refused", (_, damage) => {
    const model = load(files[0] as string);
    const reused = compileModel(model, "auto", damage(kept(files[0] as string)) as PrecompiledRates);
    const fromEquations = compileModel(load(files[0] as string), "function");
    expect(reused.diagonal).toEqual(fromEquations.diagonal);
    expect(reused.linearInOwnState).toEqual(fromEquations.linearInOwnState);
    expect(evaluations(model, "auto")).toEqual(evaluations(load(files[0] as string), "function"));
  });

  it("the closure back end ignores it", () => {
    const model = load(files[0] as string);
    const c = compileModel(model, "closures", kept(files[0] as string));
    expect(c.backend).toBe("closures");
    expect(c.precompiled).toBeUndefined();
  });
});
