import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ACTIVITY_MODES,
  type ActivityMode,
  buildSchedule,
  loadModel,
  type Model,
  PROTOCOLS,
  type ProtocolKind,
  protocolFixedNote,
  resolveRun,
  simulate,
  unusedByProtocol,
} from "../../src/engine/index.ts";

const MODELS = readdirSync("models")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => loadModel(readFileSync(`models/${f}`, "utf8"), f));
const CHOICES = Object.keys(PROTOCOLS).flatMap((protocol) =>
  Object.keys(ACTIVITY_MODES).map((activity) => ({
    protocol: protocol as ProtocolKind,
    activity: activity as ActivityMode,
  })),
);

/** The parameters some input role names (the only ones a protocol can leave unused). */
function roleParams(model: Model): Set<string> {
  const names = new Set<string>();
  for (const i of model.inputs) {
    const refs = i.kind === "activity" ? [i.extra] : [i.start, i.duration, i.pulseWidth, ...Object.values(i.train)];
    for (const r of refs) if ("param" in r) names.add(r.param);
    if (i.kind === "protocol") names.add(i.amplitude);
  }
  return names;
}

/** The two ends of a parameter's range: at least one differs from any value it has. */
function otherValues(model: Model, name: string): number[] {
  const p = model.parameters.find((q) => q.name === name);
  return p?.range ? [...p.range] : [];
}

function inputsOf(model: Model, spec: { params?: Record<string, number>; protocol: string; activity: string }) {
  const run = resolveRun(model, spec);
  const tEnd = run.values[model.parameters.find((p) => p.name === model.endParam)?.index ?? -1] as number;
  const s = buildSchedule(model, run.values, run, tEnd);
  const out = new Float64Array(model.inputs.length);
  const at: number[][] = [];
  for (let t = 0; t <= tEnd; t += tEnd / 720) {
    s.valueAt(t, out);
    at.push([...out]);
  }
  return { breakpoints: s.breakpoints, at };
}

describe("parameters a protocol leaves unused", () => {
  it("names the train's controls under Step, the duration under Pulse, the level under Vehicle", () => {
    const m = MODELS.find((x) => x.inputs.some((i) => i.kind === "protocol" && "param" in i.train.count));
    expect(m).toBeDefined();
    const model = m as Model;
    const input = model.inputs.find((i) => i.kind === "protocol");
    if (input?.kind !== "protocol" || !("param" in input.train.count) || !("param" in input.duration)) throw 0;
    const step = unusedByProtocol(model, { protocol: "step", activity: "paired" });
    expect(step.get(input.train.count.param)).toMatch(/Train/);
    expect(step.has(input.duration.param)).toBe(false);
    const pulse = unusedByProtocol(model, { protocol: "pulse", activity: "paired" });
    expect(pulse.get(input.duration.param)).toMatch(/Pulse lasts/);
    expect(unusedByProtocol(model, { protocol: "none", activity: "paired" }).get(input.amplitude)).toMatch(/Vehicle/);
  });

  it("flags only what changes nothing: every flagged parameter leaves the whole run unchanged", () => {
    let flagged = 0;
    for (const model of MODELS) {
      for (const choice of CHOICES) {
        const base = simulate(model, choice, { every: 60 });
        for (const name of unusedByProtocol(model, choice, base.values).keys()) {
          for (const v of otherValues(model, name)) {
            const r = simulate(model, { ...choice, params: { [name]: v } }, { every: 60 });
            flagged++;
            expect(r.states, `${model.id} ${choice.protocol}/${choice.activity}: ${name} = ${v}`).toEqual(base.states);
          }
        }
      }
    }
    expect(flagged).toBeGreaterThan(20);
  });

  it("flags every input parameter the protocol does not read: the others change the inputs", () => {
    for (const model of MODELS) {
      for (const choice of CHOICES) {
        const unused = unusedByProtocol(model, choice);
        const base = inputsOf(model, choice);
        for (const name of roleParams(model)) {
          if (unused.has(name)) continue;
          const changed = otherValues(model, name).some(
            (v) => JSON.stringify(inputsOf(model, { ...choice, params: { [name]: v } })) !== JSON.stringify(base),
          );
          expect(changed, `${model.id} ${choice.protocol}/${choice.activity}: ${name}`).toBe(true);
        }
      }
    }
  });

  it("says what width a pulse has when the model gives it as a number", () => {
    for (const model of MODELS) {
      const fixed = model.inputs.find((i) => i.kind === "protocol" && "value" in i.pulseWidth);
      const note = protocolFixedNote(model, { protocol: "pulse", activity: "paired" });
      if (fixed?.kind === "protocol" && "value" in fixed.pulseWidth)
        expect(note).toContain(`${fixed.pulseWidth.value} ${model.timeUnit}`);
      else expect(note).toBeUndefined();
      expect(protocolFixedNote(model, { protocol: "step", activity: "paired" })).toBeUndefined();
    }
  });
});
