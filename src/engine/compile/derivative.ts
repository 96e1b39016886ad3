import type { MathNode } from "mathjs";
import { math } from "./math-instance.ts";

// A comparison is 0 or 1, piecewise constant: its derivative is 0 wherever it is defined.
const COMPARISON_FNS = new Set(["larger", "smaller", "largerEq", "smallerEq"]);

type Op = MathNode & { fn: string; op: string; args: MathNode[] };

const num = (v: number): MathNode => new math.ConstantNode(v);
const call = (name: string, ...args: MathNode[]): MathNode => new math.FunctionNode(name, args);
const op = (o: string, fn: string, ...args: MathNode[]): MathNode =>
  new math.OperatorNode(o as "+", fn as "add", args as [MathNode, MathNode]);
const add = (a: MathNode, b: MathNode) => op("+", "add", a, b);
const sub = (a: MathNode, b: MathNode) => op("-", "subtract", a, b);
const mul = (a: MathNode, b: MathNode) => op("*", "multiply", a, b);
const div = (a: MathNode, b: MathNode) => op("/", "divide", a, b);
const pow = (a: MathNode, b: MathNode) => op("^", "pow", a, b);
const neg = (a: MathNode) => op("-", "unaryMinus", a);

function dependsOn(node: MathNode, name: string): boolean {
  let found = false;
  node.traverse((child, path, parent) => {
    if (child.type === "SymbolNode" && !(parent?.type === "FunctionNode" && path === "fn"))
      if ((child as MathNode & { name: string }).name === name) found = true;
  });
  return found;
}

/**
 * The partial derivative of a checked expression (numbers, names, + − · / ^ and the whitelisted
 * functions) with respect to `name`, by the chain rule; the result is unsimplified (fold() tidies it).
 * step() and comparisons are piecewise constant, so their derivative is taken as 0 (the jump itself is
 * located by the switch machinery, not by the Jacobian). Throws for min and max, whose derivative is not
 * one expression, and for anything else unknown.
 */
export function derivative(node: MathNode, name: string): MathNode {
  if (!dependsOn(node, name)) return num(0);
  switch (node.type) {
    case "SymbolNode":
      return num(1);
    case "ParenthesisNode":
      return derivative((node as MathNode & { content: MathNode }).content, name);
    case "OperatorNode": {
      const { fn, args } = node as Op;
      const [a, b] = args as [MathNode, MathNode];
      const da = () => derivative(a, name);
      const db = () => derivative(b, name);
      switch (fn) {
        case "unaryPlus":
          return da();
        case "unaryMinus":
          return neg(da());
        case "add":
          return add(da(), db());
        case "subtract":
          return sub(da(), db());
        case "multiply":
          return add(mul(da(), b), mul(a, db()));
        case "divide":
          return dependsOn(b, name) ? div(sub(mul(da(), b), mul(a, db())), pow(b, num(2))) : div(da(), b);
        case "pow":
          return powDerivative(a, b, name);
      }
      if (COMPARISON_FNS.has(fn)) return num(0);
      throw new Error(`cannot differentiate operator ${fn}`);
    }
    case "FunctionNode": {
      const fnName = ((node as MathNode & { fn: MathNode }).fn as MathNode & { name: string }).name;
      const args = (node as MathNode & { args: MathNode[] }).args;
      const [a] = args as [MathNode];
      const outer = (d: MathNode) => mul(d, derivative(a, name));
      switch (fnName) {
        case "exp":
          return outer(call("exp", a));
        case "log":
          return outer(div(num(1), a));
        case "log10":
          return outer(div(num(1), mul(a, call("log", num(10)))));
        case "sqrt":
          return outer(div(num(1), mul(num(2), call("sqrt", a))));
        case "abs":
          return outer(div(call("abs", a), a));
        case "sin":
          return outer(call("cos", a));
        case "cos":
          return outer(neg(call("sin", a)));
        case "tan":
          return outer(pow(div(num(1), call("cos", a)), num(2)));
        case "sinh":
          return outer(call("cosh", a));
        case "cosh":
          return outer(call("sinh", a));
        case "tanh":
          return outer(sub(num(1), pow(call("tanh", a), num(2))));
        case "pow":
          return powDerivative(a, args[1] as MathNode, name);
        case "erf":
          // erf'(x) = 2/√π · e^(−x²)
          return outer(mul(num(2 / Math.sqrt(Math.PI)), call("exp", neg(pow(a, num(2))))));
        case "step":
          return num(0);
      }
      throw new Error(`cannot differentiate ${fnName}()`);
    }
    default:
      throw new Error(`cannot differentiate a ${node.type}`);
  }
}

// d(a^b) = b·a^(b−1)·a' when b does not depend on the variable, a^b·(b'·log a + b·a'/a) otherwise.
function powDerivative(a: MathNode, b: MathNode, name: string): MathNode {
  if (!dependsOn(b, name)) return mul(mul(b, pow(a, sub(b, num(1)))), derivative(a, name));
  return mul(pow(a, b), add(mul(derivative(b, name), call("log", a)), div(mul(b, derivative(a, name)), a)));
}
