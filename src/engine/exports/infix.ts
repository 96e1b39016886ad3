import type { MathNode } from "mathjs";
import { ExpressionError, functionName } from "../expression.ts";

/**
 * How one text target writes what a model expression may contain. The function map already holds
 * the calls a richer model format brings (step, erf, comparisons) where the target has them, so that
 * adding those to the format needs no change here.
 */
export interface InfixDialect {
  number(x: number): string;
  /** Written `base ^ exp` or `base ** exp`; the printer brackets both sides as needed. */
  powerOperator: string;
  constants: Readonly<Record<string, string>>;
  functions: Readonly<Record<string, (args: string[]) => string>>;
  /** mathjs comparison operators (larger, smallerEq, …) as 1/0-valued text. */
  comparisons: Readonly<Record<string, (a: string, b: string) => string>>;
}

/** How names become text: `value` for a name, `call` for a call of a model helper with arguments. */
export interface InfixScope {
  value(name: string): string;
  call(name: string, args: string[]): string | undefined;
}

const ATOM = 5;
const BINARY: Readonly<Record<string, { op: string; prec: number }>> = {
  add: { op: "+", prec: 1 },
  subtract: { op: "-", prec: 1 },
  multiply: { op: "*", prec: 2 },
  divide: { op: "/", prec: 2 },
};

interface Printed {
  text: string;
  prec: number;
}

/** Writes a checked model expression as infix text for a target, bracketing only where needed. */
export function printInfix(node: MathNode, dialect: InfixDialect, scope: InfixScope): string {
  return print(node, dialect, scope).text;
}

function wrap(p: Printed, below: number): string {
  return p.prec < below ? `(${p.text})` : p.text;
}

function print(node: MathNode, d: InfixDialect, scope: InfixScope): Printed {
  switch (node.type) {
    case "ConstantNode": {
      const value = (node as MathNode & { value: number }).value;
      // A negative number is written like a unary minus, so it is bracketed wherever that would be.
      return { text: d.number(value), prec: value < 0 ? 0 : ATOM };
    }
    case "SymbolNode": {
      const name = (node as MathNode & { name: string }).name;
      return { text: d.constants[name] ?? scope.value(name), prec: ATOM };
    }
    case "ParenthesisNode":
      return print((node as MathNode & { content: MathNode }).content, d, scope);
    case "OperatorNode": {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const args = op.args.map((a) => print(a, d, scope));
      const [a, b] = args as [Printed, Printed];
      if (op.fn === "unaryMinus") return { text: `-${wrap(a, ATOM)}`, prec: 0 };
      if (op.fn === "unaryPlus") return a;
      if (op.fn === "pow") return { text: `${wrap(a, ATOM)}${d.powerOperator}${wrap(b, ATOM)}`, prec: 4 };
      const bin = BINARY[op.fn];
      if (bin) {
        // Left-associative: the right side of - and / needs brackets at equal precedence.
        const strictRight = op.fn === "subtract" || op.fn === "divide";
        const left = wrap(a, bin.prec);
        const right = wrap(b, strictRight ? bin.prec + 1 : bin.prec);
        return { text: `${left} ${bin.op} ${right}`, prec: bin.prec };
      }
      const cmp = d.comparisons[op.fn];
      if (cmp) return { text: cmp(wrap(a, 1), wrap(b, 1)), prec: ATOM };
      throw new ExpressionError(`operator "${op.fn}" cannot be written for this format`);
    }
    case "FunctionNode": {
      const name = functionName(node);
      const args = (node as MathNode & { args: MathNode[] }).args.map((a) => print(a, d, scope).text);
      const helper = scope.call(name, args);
      if (helper !== undefined) return { text: helper, prec: ATOM };
      const fn = d.functions[name];
      if (!fn) throw new ExpressionError(`function "${name}" cannot be written for this format`, name);
      return { text: fn(args), prec: ATOM };
    }
    default:
      throw new ExpressionError(`a ${node.type} cannot be written for this format`);
  }
}

/** min/max of any arity from a target's two-argument form. */
export function nested(fn: string): (args: string[]) => string {
  return (args) => args.slice(1).reduce((acc, x) => `${fn}(${acc}, ${x})`, args[0] as string);
}
