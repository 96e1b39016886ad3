import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runSpecFrom } from "../../src/cli/run-options.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import {
  ACTIVITY_MODES,
  fromJson,
  fromQuery,
  type Parameter,
  PROTOCOLS,
  type RunSpec,
  RunSpecError,
  resolveRun,
  simulate,
  toJson,
} from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();
const free = model.parameters.filter((p) => !p.fixed && p.range) as (Parameter & { range: [number, number] })[];
const names = model.parameters.map((p) => p.name);
// Bounds that no run inside the ranges may exceed: steps well under the solver's limit, states finite.
const MAX_EVALUATIONS = 150_000;
let cases = 0;
let solved = 0;
let refused = 0;
let maxEvaluations = 0;

/** Values a parameter can be given: inside, at the edges, just beyond, far beyond, and not numbers at all. */
function valueText(p: Parameter & { range: [number, number] }): fc.Arbitrary<string> {
  const [lo, hi] = p.range;
  const inside = fc.double({ min: lo, max: hi, noNaN: true }).map(String);
  return fc.oneof(
    { weight: 6, arbitrary: inside },
    { weight: 3, arbitrary: fc.constantFrom(String(lo), String(hi)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(String(hi * 1.0001 + 1e-9), String(lo - 1e-6), "1e308", "-1e308", "0", "-0"),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "NaN",
        "Infinity",
        "abc",
        "",
        " ",
        "1,5",
        "0x10",
        "1e",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

const entry = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...free).chain((p) => valueText(p).map((v) => [p.name, v] as const)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("protocol", "activity", "preset"), fc.string({ maxLength: 10 })) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom("protocol", "activity", "preset"),
      fc.constantFrom(...Object.keys(PROTOCOLS), ...Object.keys(ACTIVITY_MODES), ...model.presets.map((p) => p.id)),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })) },
);

/** Either a clear refusal or a finite, plausible run within the step bound. */
function runOrRefuse(spec: () => RunSpec): void {
  cases++;
  let run: ReturnType<typeof resolveRun>;
  try {
    run = resolveRun(model, spec());
  } catch (err) {
    if (!(err instanceof RunSpecError || err instanceof UsageError)) throw err;
    expect(err.message.length).toBeGreaterThan(5);
    refused++;
    return;
  }
  const r = simulate(model, run, { every: 30 });
  solved++;
  maxEvaluations = Math.max(maxEvaluations, r.method.stats.evaluations);
  expect(r.method.stats.evaluations).toBeLessThan(MAX_EVALUATIONS);
  for (const s of model.states) {
    const [lo, hi] = s.bounds;
    for (const v of r.states[s.index] as Float64Array) {
      expect(Number.isFinite(v)).toBe(true);
      if (lo !== null) expect(v).toBeGreaterThanOrEqual(lo - 1e-6);
      if (hi !== null) expect(v).toBeLessThanOrEqual(hi + 1e-6);
    }
  }
  // Plausible: w stays between its floor and ceiling under the rule (1 − Ad and 1 + Ap at most).
  expect(r.summary.weightMin).toBeGreaterThan(-1e-6);
  expect(r.summary.weightMax).toBeLessThan(4 + 1e-6);
}

describe("fuzzing every way a run can be asked for", () => {
  it("share-link queries: bad entries are dropped with a message, the rest runs", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const query = entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
        const read = fromQuery(model, query);
        for (const d of read.dropped) expect(d.message).toMatch(/\S/);
        runOrRefuse(() => read.spec);
        // fromQuery has already refused every bad entry, so what it kept always resolves.
        expect(() => resolveRun(model, read.spec)).not.toThrow();
      }),
      { numRuns: 3500, seed: 1 },
    );
  }, 300_000);

  it("command-line --set values: refused with one line, or run", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const set = entries.filter(([k]) => names.includes(k)).map(([k, v]) => `${k}=${v}`);
        runOrRefuse(() => runSpecFrom(model, { set }));
      }),
      { numRuns: 3500, seed: 2 },
    );
  }, 300_000);

  it("imported JSON with tampered values: refused with a message, or run", () => {
    const base = JSON.parse(JSON.stringify(toJson(simulate(model, {}, { every: 600 }))));
    const tamper = fc.oneof(
      fc.tuple(fc.constantFrom(...names, "zz"), fc.oneof(fc.double(), fc.string({ maxLength: 6 }), fc.constant(null))),
      fc.tuple(
        fc.constantFrom("version", "format", "model", "protocol", "activity", "preset"),
        fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
      ),
    );
    fc.assert(
      fc.property(fc.array(tamper, { maxLength: 4 }), (edits) => {
        const data = structuredClone(base);
        for (const [k, v] of edits) {
          if (names.includes(k) || k === "zz") data.params[k] = v;
          else data[k] = v;
        }
        let spec: RunSpec;
        try {
          spec = fromJson(model, data);
        } catch (err) {
          cases++;
          refused++;
          expect((err as Error).message).toMatch(/\S/);
          return;
        }
        runOrRefuse(() => spec);
      }),
      { numRuns: 3500, seed: 3 },
    );
  }, 300_000);

  afterAll(() => {
    console.log(
      `fuzz: ${cases} cases, ${solved} solved, ${refused} refused; most evaluations in one solve: ${maxEvaluations}`,
    );
    expect(cases).toBeGreaterThanOrEqual(10_000);
  });
});
