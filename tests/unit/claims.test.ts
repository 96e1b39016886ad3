import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkClaims, loadModel, resolveRun } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();

describe("claims, checked live by the engine", () => {
  it("the model file holds the five claims of docs/model.md, each with status, nuance and references", () => {
    expect(model.claims.map((c) => c.id)).toEqual([
      "beta_raises_calcium",
      "calcium_drives_plasticity",
      "plasticity_underlies_memory",
      "trials_disagree",
      "other_neuromodulators",
    ]);
    for (const c of model.claims) {
      expect(c.status.length).toBeGreaterThan(5);
      expect(c.references.length).toBeGreaterThan(0);
    }
  });

  it("at the defaults: NE raises Ca²⁺ (0.21 → 0.65 µM), more Ca²⁺ is not always more strengthening, one dose splits a population", () => {
    const [raises, monotone, memory, trials, others] = checkClaims(resolveRun(model, {}));
    expect(raises?.verdict).toBe("yes");
    expect(raises?.text).toBe("Raising NE raises peak Ca²⁺ — yes here: 0.21 → 0.65 µM as u goes 0.01 → 1.");
    expect(monotone?.verdict).toBe("no");
    expect(monotone?.text).toMatch(
      /^More Ca²⁺ always means more strengthening — no here: 0\.4\d µM gives LTD \(depression\), w 0\.6\d, while 0\.2\d µM gives no lasting change, w 1\.$/,
    );
    expect(memory?.verdict).toBe("untestable");
    expect(trials?.verdict).toBe("yes");
    expect(trials?.text).toMatch(/\d+ % LTD, \d+ % no change, \d+ % LTP in 200 virtual subjects/);
    expect(others?.verdict).toBe("untestable");
  });

  it("follows the current settings: with the β-blocker, NE raises Ca²⁺ less", () => {
    const [raises] = checkClaims(resolveRun(model, { preset: "beta-blocker" }));
    expect(raises?.text).toBe("Raising NE raises peak Ca²⁺ — yes here: 0.2 → 0.32 µM as u goes 0.01 → 1.");
  });

  it("with NE at the bottom of its range the 'raises' check says how to test it", () => {
    const [raises] = checkClaims(resolveRun(model, { params: { u: 0.01 } }));
    expect(raises?.verdict).toBe("untestable");
    expect(raises?.text).toBe("Raising NE raises peak Ca²⁺ — set u above 0.01 to test it.");
  });

  it("a claim naming an unknown parameter or preset is a model-file error with its line", () => {
    const text = readFileSync("models/ne-calcium-plasticity.yaml", "utf8").replace(
      "      vary: u\n      from: 0.01",
      "      vary: uu\n      from: 0.01",
    );
    expect(() => loadModel(text, "m.yaml")).toThrow(/^m\.yaml:\d+ claims\.0\.check\.vary: unknown parameter "uu"$/m);
  });
});
