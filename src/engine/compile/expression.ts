import type { MathNode } from "mathjs";
import { derivative } from "./derivative.ts";
import { math } from "./math-instance.ts";

/**
 * Functions that Math lacks, handed to generated code as `rt` and called directly by the eval-free
 * back end and the tree walk. `step` is the Heaviside function with step(0) = 0, so that a threshold is
 * crossed only when strictly exceeded.
 */
export const RUNTIME: Readonly<Record<string, (...xs: number[]) => number>> = {
  erf: (x) => math.erf(x) as number,
  step: (x) => (x > 0 ? 1 : 0),
};

/** Something wrong inside one expression; `symbol` names the offending name when there is one. */
export class ExpressionError extends Error {
  readonly symbol: string | undefined;
  /** For a syntax error: the 0-based character of the expression where parsing stopped. */
  readonly offset: number | undefined;
  constructor(message: string, symbol?: string, offset?: number) {
    super(message);
    this.name = "ExpressionError";
    this.symbol = symbol;
    this.offset = offset;
  }
}

/** Functions an expression may call, with their arity and their plain-JavaScript counterpart. */
export const ALLOWED_FUNCTIONS: Readonly<Record<string, { arity: [number, number]; js: string }>> = {
  exp: { arity: [1, 1], js: "Math.exp" },
  log: { arity: [1, 1], js: "Math.log" },
  log10: { arity: [1, 1], js: "Math.log10" },
  sqrt: { arity: [1, 1], js: "Math.sqrt" },
  abs: { arity: [1, 1], js: "Math.abs" },
  pow: { arity: [2, 2], js: "Math.pow" },
  min: { arity: [2, 8], js: "Math.min" },
  max: { arity: [2, 8], js: "Math.max" },
  sin: { arity: [1, 1], js: "Math.sin" },
  cos: { arity: [1, 1], js: "Math.cos" },
  tan: { arity: [1, 1], js: "Math.tan" },
  tanh: { arity: [1, 1], js: "Math.tanh" },
  sinh: { arity: [1, 1], js: "Math.sinh" },
  cosh: { arity: [1, 1], js: "Math.cosh" },
  erf: { arity: [1, 1], js: "rt.erf" },
  step: { arity: [1, 1], js: "rt.step" },
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

const OPERATORS: Readonly<Record<string, string>> = {
  add: "+",
  subtract: "-",
  multiply: "*",
  divide: "/",
};

/** Comparisons give 1 where true and 0 where false, so that they can multiply a rate. */
export const COMPARISONS: Readonly<Record<string, { js: string; test: (a: number, b: number) => boolean }>> = {
  larger: { js: ">", test: (a, b) => a > b },
  smaller: { js: "<", test: (a, b) => a < b },
  largerEq: { js: ">=", test: (a, b) => a >= b },
  smallerEq: { js: "<=", test: (a, b) => a <= b },
};

/** The plain function behind an allowed name: Math's, or the runtime's. */
export function builtinFunction(name: string): ((...xs: number[]) => number) | undefined {
  const b = ALLOWED_FUNCTIONS[name];
  if (!b) return undefined;
  return b.js.startsWith("rt.")
    ? RUNTIME[b.js.slice(3)]
    : (Math[b.js.slice(5) as keyof Math] as (...xs: number[]) => number);
}

/**
 * Parses `text` and checks that it uses only numbers, names, arithmetic and whitelisted calls. When
 * `callable` is given, a call to any other name (import, evaluate, createUnit…) is refused here.
 */
export function parseExpression(text: string, callable?: (name: string) => boolean): MathNode {
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (err) {
    // mathjs counts characters from 1.
    const char = (err as { char?: unknown }).char;
    const offset = typeof char === "number" ? char - 1 : undefined;
    throw new ExpressionError(`cannot parse "${text}": ${(err as Error).message}`, undefined, offset);
  }
  checkNode(node, callable);
  return node;
}

function checkNode(node: MathNode, callable?: (name: string) => boolean): void {
  switch (node.type) {
    case "ConstantNode": {
      const value = (node as MathNode & { value: unknown }).value;
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new ExpressionError(`only finite numbers are allowed as constants, not ${JSON.stringify(value)}`);
      }
      return;
    }
    case "SymbolNode":
      return;
    case "ParenthesisNode":
      checkNode((node as MathNode & { content: MathNode }).content, callable);
      return;
    case "OperatorNode": {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const binary = op.fn in OPERATORS || op.fn === "pow" || op.fn in COMPARISONS;
      const unary = op.fn === "unaryMinus" || op.fn === "unaryPlus";
      if (!((binary && op.args.length === 2) || (unary && op.args.length === 1))) {
        throw new ExpressionError(`operator "${(node as MathNode & { op: string }).op}" is not allowed`);
      }
      for (const arg of op.args) checkNode(arg, callable);
      return;
    }
    case "FunctionNode": {
      const fn = node as MathNode & { fn: MathNode; args: MathNode[] };
      if (fn.fn.type !== "SymbolNode") throw new ExpressionError("only named functions may be called");
      const name = functionName(node);
      if (callable && !Object.hasOwn(ALLOWED_FUNCTIONS, name) && !callable(name)) {
        throw new ExpressionError(
          `function "${name}" is not allowed (allowed: ${Object.keys(ALLOWED_FUNCTIONS).join(", ")} and the model's helpers)`,
          name,
        );
      }
      for (const arg of fn.args) checkNode(arg, callable);
      return;
    }
    default:
      throw new ExpressionError(`${describeNode(node)} is not allowed in a model expression`);
  }
}

function describeNode(node: MathNode): string {
  const names: Record<string, string> = {
    AssignmentNode: "assignment",
    FunctionAssignmentNode: "function definition",
    AccessorNode: "indexing or property access",
    IndexNode: "indexing",
    ArrayNode: "an array",
    ObjectNode: "an object",
    BlockNode: "a block of several statements",
    ConditionalNode: "a conditional (a ? b : c)",
    RangeNode: "a range",
    RelationalNode: "a chained comparison (write a < b and b < c as two factors)",
  };
  return names[node.type] ?? `a ${node.type}`;
}

export function functionName(node: MathNode): string {
  return ((node as MathNode & { fn: MathNode }).fn as MathNode & { name: string }).name;
}

/** Every name used as a value (not as a called function) in the expression. */
export function symbolsOf(node: MathNode): Set<string> {
  const out = new Set<string>();
  node.traverse((child, path, parent) => {
    if (child.type === "SymbolNode" && !(parent?.type === "FunctionNode" && path === "fn")) {
      out.add((child as MathNode & { name: string }).name);
    }
  });
  return out;
}

/** Every function name called in the expression. */
export function callsOf(node: MathNode): Set<string> {
  const out = new Set<string>();
  node.traverse((child) => {
    if (child.type === "FunctionNode") out.add(functionName(child));
  });
  return out;
}

/**
 * How names in an expression become JavaScript: `value` maps a name to a JS expression (a local or an
 * array slot), `call` maps a model helper with arguments to a JS call. Returning undefined means unknown.
 */
export interface CodegenScope {
  value(name: string): string | undefined;
  call?(name: string, args: string[]): string | undefined;
  /** Given a Math call or power, may return a local that holds it (common subexpressions). */
  intern?(js: string): string;
}

/** Emits a plain JavaScript expression for a checked mathjs tree. */
export function toJs(node: MathNode, scope: CodegenScope): string {
  switch (node.type) {
    case "ConstantNode": {
      const value = (node as MathNode & { value: number }).value;
      return value < 0 ? `(${String(value)})` : String(value);
    }
    case "SymbolNode": {
      const name = (node as MathNode & { name: string }).name;
      const js = scope.value(name);
      if (js !== undefined) return js;
      if (name in CONSTANTS) return String(CONSTANTS[name]);
      throw new ExpressionError(`unknown symbol "${name}"`, name);
    }
    case "ParenthesisNode":
      return toJs((node as MathNode & { content: MathNode }).content, scope);
    case "OperatorNode": {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const args = op.args.map((a) => toJs(a, scope));
      if (op.fn === "unaryMinus") return `(-${args[0]})`;
      if (op.fn === "unaryPlus") return `(+${args[0]})`;
      if (op.fn === "pow") {
        const js = powJs(op.args[1] as MathNode, args[0] as string, args[1] as string);
        return /^(Math\.)?pow\(/.test(js) && scope.intern ? scope.intern(js) : js;
      }
      const cmp = COMPARISONS[op.fn];
      if (cmp) return `(${args[0]} ${cmp.js} ${args[1]} ? 1 : 0)`;
      return `(${args[0]} ${OPERATORS[op.fn]} ${args[1]})`;
    }
    case "FunctionNode": {
      const name = functionName(node);
      const argNodes = (node as MathNode & { args: MathNode[] }).args;
      const args = argNodes.map((a) => toJs(a, scope));
      const helper = scope.call?.(name, args);
      if (helper !== undefined) return helper;
      const builtin = ALLOWED_FUNCTIONS[name];
      if (!builtin) throw new ExpressionError(`function "${name}" is not allowed`, name);
      const [lo, hi] = builtin.arity;
      if (args.length < lo || args.length > hi) {
        throw new ExpressionError(
          `function "${name}" takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? "" : "s"}, not ${args.length}`,
          name,
        );
      }
      const js = `${builtin.js}(${args.join(", ")})`;
      return scope.intern ? scope.intern(js) : js;
    }
    default:
      throw new ExpressionError(`${describeNode(node)} is not allowed in a model expression`);
  }
}

/** Integer exponents up to this size are written as products (fixed parameters are constants by then). */
export const MAX_PRODUCT_POWER = 8;

/**
 * Source of ipow2 … ipow8, which generated code calls for an integer power of a compound base, and of
 * pow, for an exponent that is known only at run time: a Hill coefficient is a free parameter, yet
 * mostly 1 or 2, where a branch is far cheaper than Math.pow's library call (x·x is the correctly
 * rounded square, so the value is Math.pow's or closer).
 */
export const INTEGER_POWER_FUNCTIONS = [
  ...Array.from({ length: MAX_PRODUCT_POWER - 1 }, (_, k) => {
    const n = k + 2;
    return `function ipow${n}(x) { return ${Array(n).fill("x").join(" * ")}; }`;
  }),
  "function pow(x, e) { return e === 1 ? x : e === 2 ? x * x : e === 0 ? 1 : Math.pow(x, e); }",
].join("\n");

// Small integer powers are far cheaper as products than as Math.pow, and C^3 sits in the hot loop.
function powJs(exponent: MathNode, base: string, exp: string): string {
  if (exponent.type === "ConstantNode") {
    const n = (exponent as MathNode & { value: number }).value;
    const k = Math.abs(n);
    if (Number.isInteger(n) && k <= MAX_PRODUCT_POWER) {
      if (k === 0) return "1";
      const simple = /^[A-Za-z_$][\w$]*(\[\d+\])?$/.test(base);
      const product = k === 1 ? base : simple ? `(${Array(k).fill(base).join(" * ")})` : `ipow${k}(${base})`;
      return n < 0 ? `(1 / ${product})` : product;
    }
  }
  return exponent.type === "ConstantNode" ? `Math.pow(${base}, ${exp})` : `pow(${base}, ${exp})`;
}

/** Evaluates an expression of numbers only (e.g. "1/1800"); any name in it is an error. */
export function evaluateConstant(text: string | number): number {
  if (typeof text === "number") return text;
  const node = parseExpression(text, () => false);
  return evaluateNode(node, (name) => {
    if (name in CONSTANTS) return CONSTANTS[name] as number;
    throw new ExpressionError(`"${name}" cannot be used here: only a number is expected`, name);
  });
}

/** A direct tree walk: slow but needs no code generation; used for one-off constants. */
export function evaluateNode(
  node: MathNode,
  lookup: (name: string) => number,
  call?: (name: string, args: number[]) => number | undefined,
): number {
  switch (node.type) {
    case "ConstantNode":
      return (node as MathNode & { value: number }).value;
    case "SymbolNode":
      return lookup((node as MathNode & { name: string }).name);
    case "ParenthesisNode":
      return evaluateNode((node as MathNode & { content: MathNode }).content, lookup, call);
    case "OperatorNode": {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const v = op.args.map((a) => evaluateNode(a, lookup, call));
      const [x = Number.NaN, y = Number.NaN] = v;
      switch (op.fn) {
        case "unaryMinus":
          return -x;
        case "unaryPlus":
          return x;
        case "add":
          return x + y;
        case "subtract":
          return x - y;
        case "multiply":
          return x * y;
        case "divide":
          return x / y;
        case "pow":
          return x ** y;
      }
      const cmp = COMPARISONS[op.fn];
      if (cmp) return cmp.test(x, y) ? 1 : 0;
      throw new ExpressionError(`operator ${op.fn} is not allowed`);
    }
    case "FunctionNode": {
      const name = functionName(node);
      const args = (node as MathNode & { args: MathNode[] }).args.map((a) => evaluateNode(a, lookup, call));
      const own = call?.(name, args);
      if (own !== undefined) return own;
      const fn = builtinFunction(name);
      if (!fn) throw new ExpressionError(`function "${name}" is not allowed`, name);
      return fn(...args);
    }
    default:
      throw new ExpressionError(`${describeNode(node)} is not allowed in a model expression`);
  }
}

/** Replaces names by trees: inlines helpers before symbolic differentiation. */
export function substitute(
  node: MathNode,
  replace: (name: string, args?: MathNode[]) => MathNode | undefined,
): MathNode {
  return node.transform((child, path, parent) => {
    if (child.type === "SymbolNode" && !(parent?.type === "FunctionNode" && path === "fn")) {
      const r = replace((child as MathNode & { name: string }).name);
      return r ? new math.ParenthesisNode(substitute(r, replace)) : child;
    }
    if (child.type === "FunctionNode") {
      const args = (child as MathNode & { args: MathNode[] }).args.map((a) => substitute(a, replace));
      const r = replace(functionName(child), args);
      if (r) return new math.ParenthesisNode(r);
      return new math.FunctionNode(functionName(child), args);
    }
    return child;
  });
}

/**
 * Symbolic partial derivative of `node` with respect to `name` (other names are constants). mathjs's own
 * derivative() and simplify() cost tens of milliseconds per derivative and most of mathjs at start-up,
 * which a full Jacobian at every start of the command line cannot afford; the chain rule over the
 * whitelisted functions, with the zeros and ones it leaves folded away, is enough here.
 */
export function differentiate(node: MathNode, name: string): MathNode {
  return fold(derivative(node, name));
}

/** A number as an expression tree. */
export function constantNode(value: number): MathNode {
  return new math.ConstantNode(value);
}

const constant = constantNode;

function constantValue(node: MathNode): number | undefined {
  return node.type === "ConstantNode" ? (node as MathNode & { value: number }).value : undefined;
}

/** Removes parentheses and folds arithmetic on constants, x·0, x·1, x + 0, x − 0, x / 1, x^1 and x^0. */
export function fold(node: MathNode): MathNode {
  switch (node.type) {
    case "ParenthesisNode":
      return fold((node as MathNode & { content: MathNode }).content);
    case "FunctionNode": {
      const fn = node as MathNode & { args: MathNode[] };
      return new math.FunctionNode(functionName(node), fn.args.map(fold));
    }
    case "OperatorNode": {
      const op = node as MathNode & { op: string; fn: string; args: MathNode[] };
      const args = op.args.map(fold);
      const [a, b] = args as [MathNode, MathNode];
      const x = constantValue(a);
      const y = b === undefined ? undefined : constantValue(b);
      switch (op.fn) {
        case "unaryPlus":
          return a;
        case "unaryMinus":
          if (x !== undefined) return constant(-x);
          if (a.type === "OperatorNode" && (a as MathNode & { fn: string }).fn === "unaryMinus")
            return (a as MathNode & { args: MathNode[] }).args[0] as MathNode;
          break;
        case "add":
          if (x !== undefined && y !== undefined) return constant(x + y);
          if (x === 0) return b;
          if (y === 0) return a;
          break;
        case "subtract":
          if (x !== undefined && y !== undefined) return constant(x - y);
          if (y === 0) return a;
          if (x === 0) return new math.OperatorNode("-", "unaryMinus", [b]);
          break;
        case "multiply":
          if (x !== undefined && y !== undefined) return constant(x * y);
          if (x === 0 || y === 0) return constant(0);
          if (x === 1) return b;
          if (y === 1) return a;
          if (x === -1) return fold(new math.OperatorNode("-", "unaryMinus", [b]));
          if (y === -1) return fold(new math.OperatorNode("-", "unaryMinus", [a]));
          break;
        case "divide":
          if (x !== undefined && y !== undefined && y !== 0) return constant(x / y);
          if (x === 0 && y !== 0) return constant(0);
          if (y === 1) return a;
          break;
        case "pow":
          if (x !== undefined && y !== undefined) return constant(x ** y);
          if (y === 0) return constant(1);
          if (y === 1) return a;
          break;
      }
      return new math.OperatorNode(op.op as "+", op.fn as "add", args);
    }
    default:
      return node;
  }
}
