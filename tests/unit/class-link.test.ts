import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLASS_KEYS,
  classCheck,
  classKeys,
  controlNames,
  readClassLink,
  tooLong,
} from "../../src/app/classroom/class-link.ts";
import { fromQuery, loadModel, resolveRun, toQuery } from "../../src/engine/index.ts";

const FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(FILE, "utf8"), FILE);
const LESSONS = ["calcium-window", "from-ne-to-calcium", "why-trials-disagree"];
const KNOWN = [...CLASS_KEYS, "seed"];

/** Reads a query the way the app does: fromQuery with the class keys known, then the class keys. */
function read(query: string) {
  const q = fromQuery(model, query, KNOWN);
  return { ...readClassLink(model, q.spec, [...new URLSearchParams(query)], LESSONS), dropped: q.dropped };
}

/** A hand-written class query with the check the dialog would give it. */
function checked(query: string): string {
  return `${query}&check=${classCheck(model, [...new URLSearchParams(query)])}`;
}

describe("class links", () => {
  const controls = controlNames(model);

  it("round-trips any choice of locked and hidden controls, with the locked values", () => {
    const presets = model.presets.map((p) => p.id);
    fc.assert(
      fc.property(
        fc.subarray(controls),
        fc.subarray(controls),
        fc.constantFrom(...presets),
        fc.option(fc.constantFrom(...LESSONS), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
        fc.boolean(),
        (lockedList, hiddenList, preset, lesson, seed, projector) => {
          const run = resolveRun(model, { preset });
          const locked = new Set(lockedList);
          const hidden = new Set(hiddenList);
          const keys = classKeys(model, run, {
            lesson,
            locked,
            hidden,
            theme: projector ? "projector" : "standard",
            seed,
          });
          fc.pre(tooLong(keys).length === 0);
          const got = read(toQuery(run, keys));
          expect(got.dropped).toEqual([]);
          expect(got.problems).toEqual([]);
          expect([...got.settings.locked].sort()).toEqual([...new Set([...locked, ...hidden])].sort());
          expect([...got.settings.hidden].sort()).toEqual([...hidden].sort());
          expect(got.settings.lesson).toBe(lesson);
          expect(got.settings.seed).toBe(seed);
          expect(got.settings.theme).toBe(projector ? "projector" : undefined);
          expect(Array.from(resolveRun(model, got.spec).values)).toEqual(Array.from(run.values));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps a locked parameter's value against a link that sets it, and says so", () => {
    const got = read(checked("preset=strong-ne&lock=gb,Kb&fix=gb:2&gb=5&Kb=3&u=0.5"));
    const run = resolveRun(model, got.spec);
    const value = (name: string) => run.values[model.parameters.findIndex((p) => p.name === name)];
    expect(value("gb")).toBe(2);
    expect(value("Kb")).toBe(0.5);
    expect(value("u")).toBe(0.5);
    expect(got.problems).toEqual([
      "Kb is locked by this class link at 0.5; the link's Kb=3 was not applied",
      "gb is locked by this class link at 2; the link's gb=5 was not applied",
    ]);
  });

  it("keeps a locked preset against an edited preset key", () => {
    const got = read(checked("preset=beta-blocker&lock=preset&fix=preset:moderate-ne"));
    expect(got.spec.preset).toBe("moderate-ne");
    expect(got.problems).toEqual([
      "preset is locked by this class link at moderate-ne; the link's preset=beta-blocker was not applied",
    ]);
  });

  it("reads free= as every other control locked, and hide=* as every locked control hidden", () => {
    const got = read(checked("free=u,gb&hide=*"));
    expect([...got.settings.locked].sort()).toEqual(controls.filter((c) => c !== "u" && c !== "gb").sort());
    expect([...got.settings.hidden].sort()).toEqual([...got.settings.locked].sort());
  });

  it("names what it cannot use: unknown controls, lessons, themes, seeds and fixes", () => {
    const got = read(
      checked(
        "lock=zz&free=u,nope&lesson=https%3A%2F%2Fevil.example%2Fx.md&theme=dark&seed=-1&fix=u:2,gb:abc,preset:bogus",
      ),
    );
    expect(got.problems).toEqual([
      'lock: unknown control "zz"',
      'free: unknown control "nope"',
      `lesson: no lesson named "https://evil.example/x.md" (lessons: ${LESSONS.join(", ")})`,
      'theme: "dark" is not "projector" or "standard"',
      "seed: seed must be a whole number from 0 to 4294967295, not -1",
      'fix: "u" is not a locked control',
      'fix: gb: "abc" is not a number',
      'fix: unknown preset "bogus"',
    ]);
  });
});

describe("class-link check", () => {
  const controls = controlNames(model);
  const run = resolveRun(model, { preset: "moderate-ne" });
  const made = toQuery(
    run,
    classKeys(model, run, {
      lesson: "calcium-window",
      locked: new Set(controls.filter((c) => c !== "u" && c !== "gb")),
      hidden: new Set(["ga"]),
      theme: "projector",
      seed: 7,
    }),
  );
  const edit = (f: (q: URLSearchParams) => void) => {
    const q = new URLSearchParams(made);
    f(q);
    return q.toString();
  };
  const CHANGED =
    /^This class link was changed after it was made \(.+\), so it locks and hides nothing: every control is free\./;

  it("passes on the link the dialog makes, which locks what was chosen", () => {
    expect(made).toContain("free=u%2Cgb");
    expect(made).toMatch(/check=[0-9a-f]{12}/);
    const got = read(made);
    expect(got.changed).toBeUndefined();
    expect(got.problems).toEqual([]);
    expect(got.settings.locked.has("Kb")).toBe(true);
    expect(got.settings.hidden.has("ga")).toBe(true);
  });

  it.each([
    ["free= changed to free a third control", (q: URLSearchParams) => q.set("free", "u,gb,Kb")],
    ["a second free=", (q: URLSearchParams) => q.append("free", "u,gb,Kb,tauR")],
    ["free= removed", (q: URLSearchParams) => q.delete("free")],
    ["hide= removed", (q: URLSearchParams) => q.delete("hide")],
    ["lock=* added", (q: URLSearchParams) => q.append("lock", "*")],
    ["fix= added", (q: URLSearchParams) => q.append("fix", "Kb:2")],
    ["the lesson changed", (q: URLSearchParams) => q.set("lesson", "why-trials-disagree")],
    ["check= removed", (q: URLSearchParams) => q.delete("check")],
    ["a second check=", (q: URLSearchParams) => q.append("check", "000000000000")],
  ])("fails when %s, and then locks and hides nothing, saying the link was changed", (_what, f) => {
    const got = read(edit(f));
    expect(got.changed).toMatch(CHANGED);
    expect(got.settings.locked.size).toBe(0);
    expect(got.settings.hidden.size).toBe(0);
  });

  it("does not cover what a student may change anyway: the run's values, the seed, the order of the keys", () => {
    for (const q of [
      edit((x) => x.set("u", "0.7")),
      edit((x) => x.set("seed", "8")),
      edit((x) => {
        const c = x.get("check") as string;
        x.delete("check");
        x.append("check", c);
      }),
    ]) {
      const got = read(q);
      expect(got.changed, q).toBeUndefined();
      expect(got.settings.locked.has("Kb"), q).toBe(true);
    }
  });

  it("is not needed by a link that locks nothing", () => {
    expect(read("lesson=calcium-window&theme=projector").changed).toBeUndefined();
    expect(read("lesson=calcium-window&theme=projector&check=abc").changed).toMatch(CHANGED);
  });

  it("depends on every checked key and the model", () => {
    const entries: [string, string][] = [
      ["lesson", "calcium-window"],
      ["free", "u,gb"],
    ];
    const base = classCheck(model, entries);
    expect(classCheck(model, [...entries, ["theme", "projector"]])).not.toBe(base);
    expect(classCheck(model, [entries[1] as [string, string], entries[0] as [string, string]])).toBe(base);
    expect(classCheck({ ...model, id: "other-model" }, entries)).not.toBe(base);
    expect(classCheck(model, [...entries, ["u", "2"]])).toBe(base);
  });
});
