import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/engine/index.ts";
import { divide, formatUnit, parseUnit, power, sameUnit } from "../../src/engine/units.ts";

const MINIMAL = "tests/fixtures/minimal-model.yaml";
const minimal = readFileSync(MINIMAL, "utf8");
const DEFAULT = "models/ne-calcium-plasticity.yaml";

describe("units as model files write them", () => {
  it("reads –, µM, 1/s and s·µM³, and keeps prefixes apart", () => {
    expect(formatUnit(parseUnit("–"))).toBe("–");
    expect(formatUnit(parseUnit("µM"))).toBe("µM");
    expect(formatUnit(parseUnit("1/s"))).toBe("1/s");
    expect(formatUnit(parseUnit("s·µM³"))).toBe("µM³·s");
    expect(sameUnit(divide(parseUnit("s·µM³"), parseUnit("µM³")), parseUnit("s"))).toBe(true);
    expect(sameUnit(parseUnit("µM"), parseUnit("mM"))).toBe(false);
    expect(sameUnit(parseUnit("1/s"), parseUnit("Hz"))).toBe(true);
  });

  it("a power to a parameter the user can change keeps that parameter in the unit", () => {
    const u = power(parseUnit("µM"), { nb: 1 });
    expect(u && formatUnit(u)).toBe("µM^(nb)");
  });
});

describe("the unit check when a model loads", () => {
  it("finds the default model's old mistake: P2 is added to C^P3, so it is in µM³, not a pure number", () => {
    const old = readFileSync(DEFAULT, "utf8").replace("unit: s·µM³", "unit: s").replace("unit: µM³", 'unit: "–"');
    expect(() => loadModel(old, DEFAULT)).toThrow(
      /^models\/ne-calcium-plasticity\.yaml:\d+ helpers\.eta\.expr: "P2" and "C \^ P3" are added, but they are in different units: – and µM³ \(eta is used in the rate of w\)$/,
    );
  });

  it("P1 in s (not s·µM³) leaves P1 / (P2 + C^P3) in s/µM³, which cannot be added to P4 in s", () => {
    const half = readFileSync(DEFAULT, "utf8").replace("unit: s·µM³", "unit: s");
    expect(() => loadModel(half, DEFAULT)).toThrow(
      /helpers\.eta\.expr: "P1 \/ \(P2 \+ C \^ P3\)" and "P4" are added, but they are in different units: s\/µM³ and s \(eta is used in the rate of w\)$/,
    );
  });

  it("Hill terms with a changeable exponent agree with each other and not with a plain concentration", () => {
    const hill = (expr: string) =>
      minimal
        .replace("expr: 1 + x / xRef", `expr: 1 + ${expr}`)
        .replace(
          "  tEnd:\n",
          '  n:\n    label: Hill\n    unit: "–"\n    default: 2\n    range: [1, 4]\n    group: Dynamics\n    description: Hill.\n  tEnd:\n',
        );
    expect(() => loadModel(hill("x^n / (x^n + xRef^n)"), "h.yaml")).not.toThrow();
    expect(() => loadModel(hill("x^n / (x^n + xRef)"), "h.yaml")).toThrow(
      /"x \^ n" and "xRef" are added, but they are in different units: µM\^\(n\) and µM/,
    );
  });

  it("tolerates what cannot be known: an exponent that is a state, and a bare 0", () => {
    const text = minimal.replace("expr: 1 + x / xRef", "expr: 1 + (x / xRef) ^ w + 0");
    expect(() => loadModel(text, "t.yaml")).not.toThrow();
    const bad = minimal.replace("expr: 1 + x / xRef", "expr: 1 + x ^ w");
    expect(() => loadModel(bad, "t.yaml")).not.toThrow();
  });
});
