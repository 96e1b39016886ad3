import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, illinois, loadModel, type Model, simulate } from "../../src/engine/index.ts";

function fixture(name: string): Model {
  const file = `tests/fixtures/${name}.yaml`;
  return loadModel(readFileSync(file, "utf8"), file);
}

describe("events: scheduled jumps at solver breakpoints", () => {
  const train = fixture("jump-train");

  for (const method of ["odex", "exponential"] as const) {
    it(`a 1 ms train over 60 s fires exactly its 60 000 jumps (${method})`, () => {
      const r = simulate(train, {}, { method, maxSteps: 1_000_000 });
      expect(r.events).toBe(60_000);
      expect(r.summary.readouts["end:n"]).toBe(60_000);
    });
  }

  it("jumps at equal times fire in declared order, each assignment seeing the ones before it", () => {
    const text = readFileSync("tests/fixtures/jump-train.yaml", "utf8")
      .replace(
        "      n: n + 1\n",
        "      n: n + 1\n      m: 2 * n\n  double:\n    label: Doubling\n    start: first\n    period: period\n    count: count\n    assign:\n      n: 2 * n\n",
      )
      .replace(
        "    description: Counts the jumps.\n",
        '    description: Counts the jumps.\n  m:\n    label: Copy\n    unit: "–"\n    initial: 0\n    rate: "0"\n    description: Twice n after each tick.\n',
      );
    const m = loadModel(text, "order.yaml");
    const r = simulate(m, { params: { count: 3, tEnd: 1 } });
    // Per time: n ← n + 1, m ← 2n (the new n), then n ← 2n: n = 2, 6, 14 and m = 2, 6, 14.
    expect(r.summary.readouts["end:n"]).toBe(14);
    expect(r.summary.readouts["end:m"]).toBe(14);
    expect(r.events).toBe(6);
  });

  it("an event time outside the run is refused, naming the event", () => {
    expect(() => simulate(train, { params: { tEnd: 30 } })).toThrow(
      'event "tick": the last of 60000 jumps is at t = 59.9995 s, not before the end of the run (30 s)',
    );
  });
});

describe("switches: crossings located on the dense output", () => {
  const trace = fixture("switch-trace");
  // x jumps by 1 every `period` and decays with tauX; after jump k it is (1 − q^(k+1))/(1 − q) with
  // q = e^(−period/tauX), and it then stays above theta for tauX·ln(x/theta).
  const expected = (() => {
    const q = Math.exp(-0.005 / 0.002);
    let total = 0;
    for (let k = 0; k < 100; k++) total += 0.002 * Math.log((1 - q ** (k + 1)) / (1 - q) / 0.5);
    return total;
  })();

  for (const method of ["odex", "exponential"] as const) {
    it(`the time above a threshold adds up to the analytic sum to 1e-7 (${method})`, () => {
      const r = simulate(trace, {}, { method });
      expect(Math.abs((r.summary.readouts["end:above"] as number) - expected) / expected).toBeLessThan(1e-7);
      // One located crossing per jump, on the way down: the way up is the jump itself.
      expect(r.method.stats.crossings).toBe(100);
    });
  }

  it("a switch reads as its held 0/1 value in a rate", () => {
    const compiled = compileModel(trace);
    const out = new Float64Array(3);
    const p = new Float64Array(trace.parameters.length + 1);
    for (const q of trace.parameters) p[q.index] = q.default;
    for (const held of [0, 1]) {
      p[trace.parameters.length] = held;
      // Far above theta, yet the rate of `above` is the held value: no re-evaluation inside a step.
      compiled.rhs(0, [0, 5, 0], p, new Float64Array(0), out, null);
      expect(out[2]).toBe(held);
    }
  });

  it("Illinois finds a root to the tolerance, returning the bracket's right end", () => {
    const root = Math.log(2);
    const t = illinois((x) => Math.exp(-x) - 0.5, 0, 2, Math.exp(-2) - 0.5, true, 1e-12);
    expect(t).toBeGreaterThanOrEqual(root);
    expect(t - root).toBeLessThan(1e-12);
  });
});

describe("expressions: step, comparisons and erf", () => {
  it("step(x) is 1 only for x > 0; comparisons give 1 or 0; erf matches a tabulated value", () => {
    const text = readFileSync("tests/fixtures/jump-train.yaml", "utf8").replace(
      '    rate: "0"',
      "    rate: step(first - period) + 2 * (period >= 0.001) + 4 * (period < 0.001) + 8 * erf(0.5)",
    );
    const m = loadModel(text, "expr.yaml");
    for (const backend of ["function", "closures"] as const) {
      const out = new Float64Array(1);
      const p = Float64Array.from(m.parameters, (q) => q.default);
      compileModel(m, backend).rhs(0, [0], p, new Float64Array(0), out, null);
      // first = 0.0005: step(−0.0005) = 0; period = 0.001: (≥) 1, (<) 0; erf(0.5) = 0.5204998778130465.
      expect(out[0]).toBeCloseTo(2 + 8 * 0.5204998778130465, 14);
    }
  });
});
