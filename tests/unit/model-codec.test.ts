import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeModel, encodeModel, NotEncodable } from "../../src/cli/model-codec.ts";
import { math } from "../../src/engine/compile/math-instance.ts";
import { loadModel, type Model } from "../../src/engine/index.ts";

const roundTrip = (value: unknown): unknown => decodeModel(encodeModel(value as Model));

describe("model cache format", () => {
  const files = readdirSync("models").filter((f) => f.endsWith(".yaml"));

  it.each(files)("%s loads back as the same model: fields, numbers, undefined and expression nodes", (file) => {
    const model = loadModel(readFileSync(`models/${file}`, "utf8"), `models/${file}`);
    const back = decodeModel(encodeModel(model));
    // toStrictEqual compares classes (prototypes) and undefined fields too.
    expect(back).toStrictEqual(model);
    const state = back.states[0]!;
    expect(Object.getPrototypeOf(state.node)).toBe(Object.getPrototypeOf(model.states[0]!.node));
    expect(state.node.toString()).toBe(model.states[0]!.node.toString());
  });

  it("keeps numbers JSON lacks, undefined fields and objects reached twice", () => {
    const shared = { a: 1 };
    const value = {
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: -Infinity,
      zero: -0,
      u: undefined,
      shared,
      again: shared,
      list: [shared],
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.is(back.zero, -0)).toBe(true);
    expect("u" in back).toBe(true);
    expect(back.again).toBe(back.shared);
    expect(back.list[0]).toBe(back.shared);
  });

  it("keeps a field named __proto__ as a field", () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}');
    const back = roundTrip(value) as object;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__"]);
  });

  it("refuses what it cannot carry exactly, so such a model is never cached", () => {
    for (const bad of [
      { f: () => 1 },
      { m: new Map() },
      { d: new Date(0) },
      { g: Object.defineProperty({}, "x", { get: () => 1, enumerable: true }) },
      { h: Object.defineProperty({}, "x", { value: 1, enumerable: false }) },
      { holes: new Array(3) },
      { big: 1n },
    ]) {
      expect(() => encodeModel(bad as unknown as Model)).toThrow(NotEncodable);
    }
  });

  it("rebuilds expression nodes of the engine's own mathjs classes", () => {
    const node = math.parse("a * b + f(x) ^ 2 > 0 ? (c) : -1");
    const back = roundTrip({ node }) as { node: typeof node };
    expect(back.node).toStrictEqual(node);
    expect(back.node.toString()).toBe(node.toString());
  });
});
