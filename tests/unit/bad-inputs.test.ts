import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromJson, fromQuery, resolveRun } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();

describe("bad share-link queries (tests/fixtures/bad/urls.tsv)", () => {
  const rows = readFileSync("tests/fixtures/bad/urls.tsv", "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t") as [string, string, string]);

  it("the corpus has its cases", () => expect(rows.length).toBeGreaterThanOrEqual(12));

  for (const [query, messages, kept] of rows) {
    it(`${query.slice(0, 50)} drops exactly its bad entries, naming each, and loads the rest`, () => {
      const r = fromQuery(
        model,
        query.replace(/[<>=&:;/ ()]/g, (c) => (c === "=" || c === "&" ? c : encodeURIComponent(c))),
      );
      expect(r.dropped.map((d) => d.message).join(" | ")).toBe(messages);
      expect(r.spec.params).toEqual(JSON.parse(kept));
      expect(() => resolveRun(model, r.spec)).not.toThrow();
    });
  }

  it("a 100 kB query is read without hanging, its long value dropped", () => {
    const r = fromQuery(model, `u=2&gb=${"1".repeat(100_000)}`);
    expect(r.spec.params).toEqual({ u: 2 });
    expect(r.dropped.map((d) => d.message)).toEqual(['"gb": value is too long (100000 characters)']);
  });
});

describe("bad JSON imports (tests/fixtures/bad/json)", () => {
  const dir = "tests/fixtures/bad/json";
  const cases = readdirSync(dir).filter((f) => f.endsWith(".json"));
  it("the corpus has its cases", () => expect(cases.length).toBeGreaterThanOrEqual(10));
  for (const name of cases) {
    it(`${name} is refused with its message`, () => {
      const expected = readFileSync(`${dir}/${name.replace(/\.json$/, ".expected")}`, "utf8").trim();
      const data: unknown = JSON.parse(readFileSync(`${dir}/${name}`, "utf8"));
      expect(() => resolveRun(model, fromJson(model, data))).toThrow(expected);
      let message = "";
      try {
        resolveRun(model, fromJson(model, data));
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe(expected);
    });
  }
});
