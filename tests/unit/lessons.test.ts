import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
      "graupner-brunel-2012",
    ]);
    expect(() => parseLesson(readFileSync("notebooks/three-rules.md", "utf8"), "three-rules.md", model)).toThrow(
      /params\.model: unknown model "shouval-2002-rule"/,
    );
  });

  for (const f of shipped) {
    it(`notebooks/${f} passes the lesson check: every prediction has exactly one right answer`, () => {
      const { problems } = checkLesson(model, `notebooks/${f}`, readFileSync(`notebooks/${f}`, "utf8"), others);
      expect(problems).toEqual([]);
    });
  }

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
    it(`${name} gets a message naming its line and the problem`, () => {
      const file = `${BAD}/${name}`;
      const expected = readFileSync(file.replace(/\.md$/, ".expected"), "utf8").trim().replace("FILE", file);
      const { problems } = checkLesson(model, file, readFileSync(file, "utf8"));
      expect(problems[0]).toBe(expected);
    });
  }
});
