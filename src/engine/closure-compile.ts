import type { MathNode } from "mathjs";
import { builtinFunction, COMPARISONS, ExpressionError, functionName } from "./expression.ts";

/** The values an expression can read: states, inputs, helper results, parameters and call arguments. */
export interface ClosureEnv {
  y: ArrayLike<number>;
  inp: Float64Array;
  p: Float64Array;
  h: Float64Array;
  args: number[];
}

export type Ev = (env: ClosureEnv) => number;

export interface ClosureScope {
  value(name: string): Ev | undefined;
  call?(name: string, args: Ev[]): Ev | undefined;
}

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/**
 * Builds a tree of closures for a checked expression: the same arithmetic as the generated function
 * (including x·x·x for small integer powers), for pages whose Content-Security-Policy forbids eval.
 */
export function toClosure(node: MathNode, scope: ClosureScope): Ev {
  switch (node.type) {
    case "ConstantNode": {
      const v = (node as MathNode & { value: number }).value;
      return () => v;
    }
    case "SymbolNode": {
      const name = (node as MathNode & { name: string }).name;
      const ev = scope.value(name);
      if (ev) return ev;
      if (name in CONSTANTS) {
        const v = CONSTANTS[name] as number;
        return () => v;
      }
      throw new ExpressionError(`unknown symbol "${name}"`, name);
    }
    case "ParenthesisNode":
      return toClosure((node as MathNode & { content: MathNode }).content, scope);
    case "OperatorNode": {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const [a = () => Number.NaN, b = () => Number.NaN] = op.args.map((x) => toClosure(x, scope));
      switch (op.fn) {
        case "unaryMinus":
          return (e) => -a(e);
        case "unaryPlus":
          return (e) => +a(e);
        case "add":
          return (e) => a(e) + b(e);
        case "subtract":
          return (e) => a(e) - b(e);
        case "multiply":
          return (e) => a(e) * b(e);
        case "divide":
          return (e) => a(e) / b(e);
        case "pow": {
          const exponent = op.args[1] as MathNode;
          if (exponent.type === "ConstantNode") {
            const n = (exponent as MathNode & { value: number }).value;
            if (n === 1) return a;
            if (n === 2)
              return (e) => {
                const x = a(e);
                return x * x;
              };
            if (n === 3)
              return (e) => {
                const x = a(e);
                return x * x * x;
              };
          }
          return (e) => a(e) ** b(e);
        }
      }
      const cmp = COMPARISONS[op.fn];
      if (cmp) {
        const test = cmp.test;
        return (e) => (test(a(e), b(e)) ? 1 : 0);
      }
      throw new ExpressionError(`operator ${op.fn} is not allowed`);
    }
    case "FunctionNode": {
      const name = functionName(node);
      const args = (node as MathNode & { args: MathNode[] }).args.map((x) => toClosure(x, scope));
      const helper = scope.call?.(name, args);
      if (helper) return helper;
      const fn = builtinFunction(name);
      if (!fn) throw new ExpressionError(`function "${name}" is not allowed`, name);
      if (args.length === 1) {
        const [a] = args as [Ev];
        return (e) => fn(a(e));
      }
      if (args.length === 2) {
        const [a, b] = args as [Ev, Ev];
        return (e) => fn(a(e), b(e));
      }
      return (e) => fn(...args.map((x) => x(e)));
    }
    default:
      throw new ExpressionError(`${node.type} is not allowed in a model expression`);
  }
}
