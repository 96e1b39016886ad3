import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssue, loadModel, ModelError, modelJsonSchema, simulate } from "../../src/engine/index.ts";

const BAD = "tests/fixtures/bad/models";

describe("model files", () => {
  it("the minimal fixture model loads and runs (the corpus's valid base)", () => {
    const file = "tests/fixtures/minimal-model.yaml";
    const m = loadModel(readFileSync(file, "utf8"), file);
    expect(simulate(m).summary.wEnd).toBeGreaterThan(1);
  });

  it("a model without a readout block (no weight, thresholds or bands) loads and runs", () => {
    const text = readFileSync("tests/fixtures/minimal-model.yaml", "utf8").replace(/^readout:\n( {2}.*\n)+/m, "");
    const m = loadModel(text, "no-readout.yaml");
    expect(m.readout.weight).toBeUndefined();
    const s = simulate(m).summary;
    expect(s.wEnd).toBeNaN();
    expect(s.outcome).toBe("none");
    expect(Object.keys(s.readouts)).toEqual(["end:x", "end:w", "peak:x", "peak:w"]);
    expect(s.readouts["end:w"]).toBeGreaterThan(1);
  });

  const cases = readdirSync(BAD).filter((f) => f.endsWith(".yaml"));
  it("the broken-file corpus has its cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of cases) {
    it(`${name} yields its own specific error`, () => {
      const file = `${BAD}/${name}`;
      const expected = readFileSync(file.replace(/\.yaml$/, ".expected"), "utf8")
        .trim()
        .replace("FILE", file);
      let caught: unknown;
      try {
        loadModel(readFileSync(file, "utf8"), file);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ModelError);
      expect(formatIssue((caught as ModelError).issues[0] as ModelError["issues"][number])).toBe(expected);
    });
  }

  it("reports every problem in a file, not only the first", () => {
    const base = readFileSync("tests/fixtures/minimal-model.yaml", "utf8");
    const text = base
      .replace("rate: (u - x) / tau", "rate: (u - x) / tauX")
      .replace("rate: k * (g - w)", "rate: evaluate(w)");
    try {
      loadModel(text, "two.yaml");
      expect.unreachable();
    } catch (err) {
      const messages = (err as ModelError).issues.map(formatIssue);
      expect(messages).toEqual([
        'two.yaml:33 states.x.rate: unknown symbol "tauX"',
        expect.stringMatching(/^two\.yaml:39 states\.w\.rate: function "evaluate" is not allowed/),
      ]);
    }
  });

  it("names the field with its line, e.g. an inverted range", () => {
    const text = readFileSync("models/ne-calcium-plasticity.yaml", "utf8").replace(
      "range: [0.01, 10]\n    scale: log\n    group: β receptors",
      "range: [5, 1]\n    scale: log\n    group: β receptors",
    );
    expect(() => loadModel(text, "models/x.yaml")).toThrow(
      /^models\/x\.yaml:\d+ parameters\.Kb\.range: min 5 is above max 1$/m,
    );
  });

  it("the committed JSON Schema is the one generated from the loader's schema", () => {
    const committed = JSON.parse(readFileSync("models/model.schema.json", "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(modelJsonSchema())));
  });
});
