import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { checkLesson } from "../../src/cli/commands/lesson.ts";
import { readShippedModels } from "../../src/cli/read-model.ts";
import { parseLesson } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();
const shippedModels = readShippedModels();
const others = (id: string) => shippedModels.find((m) => m.id === id);
const BAD = "tests/fixtures/bad/lessons";

describe("lessons", () => {
  const shipped = readdirSync("notebooks").filter((f) => f.endsWith(".md"));

  it("ships the four lessons", () => {
    const titles = shipped
      .map((f) => parseLesson(readFileSync(`notebooks/${f}`, "utf8"), f, model, others).title)
      .sort();
    expect(titles).toEqual([
      "From NE to calcium",
      "The calcium window: LTD versus LTP",
      "Three rules for one synapse",
      "Why do trials disagree?",
    ]);
  });

  it("a step may run another model: its params name it, and later steps keep it", () => {
    const l = parseLesson(readFileSync("notebooks/three-rules.md", "utf8"), "three-rules.md", model, others);
    expect(l.steps.map((s) => s.model)).toEqual([
      "ne-calcium-plasticity",
      "ne-calcium-plasticity",
      "shouval-2002-rule",
      "shouval-2002-rule",
      "graupner-brunel-2012",
      "graupner-brunel-2012",
      "ne-calcium-plasticity",
    ]);
    expect(() => parseLesson(readFileSync("notebooks/three-rules.md", "utf8"), "three-rules.md", model)).toThrow(
      /params\.model: unknown model "shouval-2002-rule"/,
    );
  });

  for (const f of shipped) {
    // A population expectation runs a thousand subjects.
    it(`notebooks/${f} passes the lesson check: every step has its run, predictions one right answer, claims their check`, () => {
      const { problems } = checkLesson(model, `notebooks/${f}`, readFileSync(`notebooks/${f}`, "utf8"), others);
      expect(problems).toEqual([]);
    }, 240_000);
  }

  it("reads an expect block: a readout of the step's run or a population share, each with its line", () => {
    const l = parseLesson(readFileSync("notebooks/why-trials-disagree.md", "utf8"), "why.md", model);
    const step = l.steps.find((s) => s.title === "Many subjects, small trials");
    expect(step?.run).toEqual({ preset: "strong-ne", params: {} });
    expect(step?.expect?.map((e) => ("share" in e ? e.share : e.readout))).toEqual(["LTP", "LTD"]);
    const lines = readFileSync("notebooks/why-trials-disagree.md", "utf8").split("\n");
    for (const e of step?.expect ?? []) expect(lines[e.line - 1]).toMatch(/^- \{ population: 1000/);
  });

  it("splits a lesson into steps with their run, question and panels", () => {
    const l = parseLesson(readFileSync("tests/fixtures/minimal-lesson.md", "utf8"), "minimal.md", model);
    expect(l.intro).toBe("Intro text.");
    expect(l.steps.length).toBe(1);
    const s = l.steps[0];
    expect(s?.run).toEqual({ preset: "moderate-ne", params: {} });
    expect(s?.predict?.choices.map((c) => c.when)).toEqual(["LTP", "LTD", "none"]);
    expect(s?.panels).toEqual(["calcium", "weight"]);
    expect(s?.markdown).toBe("");
  });

  const cases = readdirSync(BAD).filter((f) => f.endsWith(".md"));
  for (const name of cases) {
    it(`${name} gets a message naming its line and the problem`, { timeout: 120_000 }, () => {
      const file = `${BAD}/${name}`;
      const expected = readFileSync(file.replace(/\.md$/, ".expected"), "utf8").trim().replace("FILE", file);
      const { problems } = checkLesson(model, file, readFileSync(file, "utf8"));
      expect(problems[0]).toBe(expected);
    });
  }

  it("reports a lesson with 300 malformed blocks as problems without one console warning per block", () => {
    const blocks = Array.from({ length: 300 }, (_, k) => `## Step ${k}\n\n\`\`\`params\n? [a, b]\n: 1\n\`\`\`\n`).join(
      "\n",
    );
    const text = `---\ntitle: t\naudience: a\nminutes: 1\nmodel: ${model.id}\n---\n\n${blocks}`;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const { problems } = checkLesson(model, "bad.md", text);
      expect(problems.length).toBeGreaterThanOrEqual(300);
      expect(warn).not.toHaveBeenCalled();
      expect(emit).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      emit.mockRestore();
    }
  });
});
