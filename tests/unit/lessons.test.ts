import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLesson } from "../../src/cli/commands/lesson.ts";
import { parseLesson } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();
const BAD = "tests/fixtures/bad/lessons";

describe("lessons", () => {
  const shipped = readdirSync("notebooks").filter((f) => f.endsWith(".md"));

  it("ships the three lessons", () => {
    const titles = shipped.map((f) => parseLesson(readFileSync(`notebooks/${f}`, "utf8"), f, model).title).sort();
    expect(titles).toEqual(["From NE to calcium", "The calcium window: LTD versus LTP", "Why do trials disagree?"]);
  });

  for (const f of shipped) {
    it(`notebooks/${f} passes the lesson check: every prediction has exactly one right answer`, () => {
      const { problems } = checkLesson(model, `notebooks/${f}`, readFileSync(`notebooks/${f}`, "utf8"));
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
