import { describe, expect, it } from "vitest";
import { ProgramBuilder, run } from "../../src/engine/compile/register-program.ts";
import {
  compileModel,
  INTEGER_POWER_FUNCTIONS,
  parseExpression,
  RUNTIME,
  resolveRun,
  toJs,
} from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

// The eval-free back end must give the generated function's numbers exactly, for every operation.
const EXPRESSIONS = [
  "x + y * 2 - x / y",
  "-x^3 + x^-2 - y^0 + y^1",
  "(x + y)^5 + (x - y)^8",
  "x^2.5 + y^-0.5",
  "x^p + (x + y)^p",
  "min(x, y, 3) + max(x, y) + min(x, p)",
  "abs(-x) + sqrt(y) + exp(-x) + log(y) + log10(y)",
  "step(x - y) + (x > y) + (x <= y) + (x < p) + (x >= y)",
  "erf(x) + tanh(x) + sin(y) + cos(p) + sinh(x) + cosh(y) + tan(x)",
  "e^x + pi * p",
  "(p + 1) * (p - 2) / (p * p + 3) * x + exp(-p) * y",
];

/** x and y in the builder's reserved registers 0 and 1, p in its parameter register (register 2). */
function scopeOf(b: ProgramBuilder) {
  const p = b.param(0);
  return { value: (n: string) => (n === "p" ? p : n === "x" ? 0 : n === "y" ? 1 : undefined) };
}

function generated(text: string): (x: number, y: number, p: number) => number {
  const js = toJs(parseExpression(text), { value: (n) => (["x", "y", "p"].includes(n) ? n : undefined) });
  return new Function("rt", `${INTEGER_POWER_FUNCTIONS}\nreturn (x, y, p) => ${js};`)(RUNTIME);
}

function registers(text: string): (x: number, y: number, p: number) => number {
  const b = new ProgramBuilder(2);
  const out = b.expression(parseExpression(text), scopeOf(b));
  const block = b.end();
  const hoisted = b.hoistedBlock();
  const r = b.registers();
  return (x, y, p) => {
    r[0] = x;
    r[1] = y;
    r[2] = p;
    run(hoisted, r, b.fns, b.callLists());
    run(block, r, b.fns, b.callLists());
    return r[out] as number;
  };
}

describe("the register program (the back end for pages that forbid eval)", () => {
  const points = [
    [0.7, 1.3, 1],
    [2.1, 0.4, 2],
    [0.3, 0.3, 2.5],
    [1.5, 2.5, 0],
    [0.2, 3, -1.5],
  ] as const;
  for (const text of EXPRESSIONS) {
    it(`computes ${text} exactly as the generated code`, () => {
      const want = generated(text);
      const got = registers(text);
      for (const [x, y, p] of points) expect(Object.is(got(x, y, p), want(x, y, p)), `at ${x}, ${y}, ${p}`).toBe(true);
    });
  }

  it("moves what depends on parameters alone out of the per-call block", () => {
    const b = new ProgramBuilder(2);
    b.expression(parseExpression("x * exp(-p) + (p + 1) * (p - 2)"), scopeOf(b));
    const perCall = b.end().length / 5;
    const hoisted = b.hoistedBlock().length / 5;
    // exp(-p), p + 1, p − 2 and their product need p alone; x · … and the sum need x.
    expect({ perCall, hoisted }).toEqual({ perCall: 2, hoisted: 5 });
  });

  it("recomputes the parameter-only part whenever a parameter changes between calls", () => {
    const model = defaultModel();
    const fn = compileModel(model, "function");
    const cl = compileModel(model, "closures");
    const n = model.states.length;
    const y = [0.7, 0.4, 0.2, 0.3, 0.5, 1.2];
    const inp = Float64Array.from([1, 1]);
    const a = resolveRun(model, { params: { nb: 1.7, gb: 3, sa: 0.1 } }).values;
    const b = resolveRun(model, { params: { nb: 2, gb: 1, sa: 0 } }).values;
    const c = Float64Array.from(b);
    c[model.parameters.findIndex((p) => p.name === "sa")] = -0;
    for (const p of [a, b, a, c, b]) {
      const [f1, f2] = [new Float64Array(n), new Float64Array(n)];
      const [J1, J2] = [new Float64Array(n * n), new Float64Array(n * n)];
      const [I1, I2] = [new Float64Array(n * 2), new Float64Array(n * 2)];
      fn.jacobian(0, y, p, inp, f1, J1, I1);
      cl.jacobian(0, y, p, inp, f2, J2, I2);
      expect([...f2, ...J2, ...I2].map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual(
        [...f1, ...J1, ...I1].map((v) => (Object.is(v, -0) ? "-0" : v)),
      );
      fn.rhs(0, y, p, inp, f1, null);
      cl.rhs(0, y, p, inp, f2, null);
      expect([...f2]).toEqual([...f1]);
    }
  });
});
