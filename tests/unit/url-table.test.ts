import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AppState, emptySession } from "../../src/app/session/session.ts";
import { linkModelId, readLink, URL_KEYS, writeLink } from "../../src/app/session/url-table.ts";
import { loadModel, type Model, resolveRun } from "../../src/engine/index.ts";

const FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(FILE, "utf8"), FILE);
const MINIMAL = "tests/fixtures/minimal-model.yaml";
const minimal = loadModel(readFileSync(MINIMAL, "utf8"), MINIMAL);

function stateFor(m: Model, file: string): AppState {
  return {
    model: { id: m.id, version: m.version, file, origin: "shipped" },
    session: emptySession(),
    theme: "standard",
    view: { exportFigure: "time", tab: "explore" },
  };
}

describe("the URL table", () => {
  it("writes the model first and reads back the same run, seeds and theme, for any model", () => {
    for (const [m, file] of [
      [model, FILE],
      [minimal, MINIMAL],
    ] as const) {
      const param = m.parameters.find((p) => !p.fixed && p.range && p.step === undefined);
      if (!param?.range) throw new Error("no free parameter");
      const value = param.range[1];
      const base = stateFor(m, file);
      const state: AppState = {
        ...base,
        theme: "projector",
        session: { ...base.session, seeds: { seed: 7, trialSeed: 1 } },
      };
      const run = resolveRun(m, { params: { [param.name]: value } });
      const query = writeLink(state, run);
      expect(query.startsWith(`model=${m.id}&`)).toBe(true);
      // A seed at its default stays out of the link.
      expect(query).not.toContain("trialSeed");
      const back = readLink(m, `?${query}`);
      expect(back.dropped).toEqual([]);
      expect(back.run.params?.[param.name]).toBe(value);
      const applied = back.apply(base);
      expect(applied.theme).toBe("projector");
      expect(applied.session.seeds).toEqual({ seed: 7, trialSeed: 1 });
      expect(linkModelId(`?${query}`)).toEqual({ value: m.id });
    }
  });

  it("refuses a bad value with a message naming the key, and loads the rest", () => {
    const back = readLink(model, "?seed=-3&trialSeed=abc&theme=neon&u=2&lesson=calcium-window");
    expect(back.dropped).toEqual([
      "seed: seed must be a whole number from 0 to 4294967295, not -3",
      'trialSeed: "abc" is not a number',
      'theme: "neon" is not "projector" or "standard"',
    ]);
    expect(back.run.params).toEqual({ u: 2 });
    // The class keys are handed over whole, for the class link to read together.
    expect(back.classEntries).toEqual([
      ["theme", "neon"],
      ["lesson", "calcium-window"],
    ]);
    const state = back.apply(stateFor(model, FILE));
    expect(state.theme).toBe("standard");
    expect(state.session.seeds).toEqual({ seed: 1, trialSeed: 1 });
  });

  it("carries the view the tabs show, leaving the first one out, and refuses an unknown one", () => {
    const base = stateFor(model, FILE);
    const run = resolveRun(model, { params: {} });
    expect(writeLink(base, run)).not.toContain("view=");
    const query = writeLink({ ...base, view: { ...base.view, tab: "analyses" } }, run);
    expect(query).toContain("view=analyses");
    expect(readLink(model, `?${query}`).apply(base).view.tab).toBe("analyses");
    const bad = readLink(model, "?view=settings&u=2");
    expect(bad.dropped).toEqual(['view: "settings" is not one of "explore", "lessons", "analyses", "claims"']);
    expect(bad.apply(base).view.tab).toBe("explore");
    expect(bad.run.params).toEqual({ u: 2 });
  });

  it("reads a model id only if it looks like one", () => {
    expect(linkModelId("?u=2")).toBeUndefined();
    expect(linkModelId("?model=minimal")).toEqual({ value: "minimal" });
    expect(linkModelId("?model=..%2Fetc")).toEqual({ problem: '"../etc" is not a model id' });
    expect(URL_KEYS.model.parse("https://example.org/x.yaml")).toHaveProperty("problem");
  });
});
