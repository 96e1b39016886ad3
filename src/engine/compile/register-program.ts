import type { MathNode } from "mathjs";
import { ALLOWED_FUNCTIONS, builtinFunction, ExpressionError, functionName, MAX_PRODUCT_POWER } from "./expression.ts";

/*
 * The eval-free back end ("closures"), for pages whose Content-Security-Policy forbids eval: expressions
 * compiled to a flat list of register instructions (three-address code) that one small loop runs.
 * A tree of closures makes a call per node, and every call that returns a fractional number boxes it
 * on the heap; the loop makes no call but to Math, allocates nothing, and stays one optimised
 * function. The instructions are the generated function's operations, in its order, so the numbers
 * are the same.
 */

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const NEG = 4;
/** d = a^k by products (k ≥ 2 in `b`), as the generated code's x·x·…·x. */
const IPOW = 5;
/** d = 1 / a. */
const INV = 6;
/** d = Math.pow(a, b) (a constant, non-integer exponent). */
const POW = 7;
/** d = a^b with b known only at run time: the generated code's pow() (1, 2 and 0 by hand). */
const RPOW = 8;
const EXP = 9;
const LOG = 10;
const SQRT = 11;
const ABS = 12;
const MIN2 = 13;
const MAX2 = 14;
const GT = 15;
const LT = 16;
const GE = 17;
const LE = 18;
/** d = fns[b](a): any other one-argument function. */
const CALL1 = 19;
/** d = fns[c](a, b) — c in the instruction's fifth word. */
const CALL2 = 20;
/** d = fns[lists[b]](registers lists[b + 2 …], lists[b + 1] of them); a is unused (0). */
const CALLN = 21;
/** d = a (copies a helper's argument into its register). */
const MOV = 22;

/** Opcodes whose third word (b) is a register too. */
const TWO_REGISTERS = new Set([ADD, SUB, MUL, DIV, POW, RPOW, MIN2, MAX2, GT, LT, GE, LE, CALL2]);

const COMPARE: Readonly<Record<string, number>> = { larger: GT, smaller: LT, largerEq: GE, smallerEq: LE };
const ARITH: Readonly<Record<string, number>> = { add: ADD, subtract: SUB, multiply: MUL, divide: DIV };
const NAMED1: Readonly<Record<string, number>> = { exp: EXP, log: LOG, sqrt: SQRT, abs: ABS };

/** Instructions of five words: opcode, destination, a, b, c. */
const WIDTH = 5;

/** Where a name's value is: a register index. */
export interface RegisterScope {
  value(name: string): number | undefined;
  /** A helper with arguments: its argument names and body, or undefined if `name` is none. */
  helper?(
    name: string,
  ): { args: readonly string[]; node: MathNode; scope: (argRegs: number[]) => RegisterScope } | undefined;
  /** Given a Math call or a general power, a key under which its register may be shared (common subexpressions). */
  key?(node: MathNode): string | undefined;
}

/** Emits instructions into one growing program over one register file. */
export class ProgramBuilder {
  private code: number[] = [];
  size: number;
  private readonly constants = new Map<string, number>();
  private readonly constantValues: [number, number][] = [];
  /** Functions without an opcode of their own, and argument lists of CALLN. */
  readonly fns: ((...xs: number[]) => number)[] = [];
  private readonly lists: number[] = [];
  private readonly shared = new Map<string, number>();
  private readonly fixed = new Set<number>();
  private readonly params = new Map<number, number>();
  private readonly hoisted: number[] = [];

  constructor(reserved: number) {
    this.size = reserved;
  }

  alloc(): number {
    return this.size++;
  }

  constant(v: number): number {
    const key = Object.is(v, -0) ? "-0" : String(v);
    let k = this.constants.get(key);
    if (k === undefined) {
      k = this.alloc();
      this.constants.set(key, k);
      this.constantValues.push([k, v]);
      this.fixed.add(k);
    }
    return k;
  }

  /**
   * The register that holds parameter `k`, one per parameter read. It is fixed for a run: instructions
   * over such registers and constants alone go to the hoisted block, run only when a parameter changed,
   * not at every call.
   */
  param(k: number): number {
    let reg = this.params.get(k);
    if (reg === undefined) {
      reg = this.alloc();
      this.fixed.add(reg);
      this.params.set(k, reg);
    }
    return reg;
  }

  /** Which parameter goes into which register: the copies made before a run's hoisted block. */
  paramCopies(): { paramSrc: Int32Array; paramDst: Int32Array } {
    return { paramSrc: Int32Array.from(this.params.keys()), paramDst: Int32Array.from(this.params.values()) };
  }

  private emit(op: number, a: number, b = 0, c = 0): number {
    const d = this.alloc();
    const bIsRegister = TWO_REGISTERS.has(op);
    const operands = op === CALLN ? this.lists.slice(b + 2, b + 2 + (this.lists[b + 1] as number)) : [a];
    if (bIsRegister) operands.push(b);
    if (operands.every((k) => this.fixed.has(k))) {
      this.fixed.add(d);
      this.hoisted.push(op, d, a, b, c);
    } else this.code.push(op, d, a, b, c);
    return d;
  }

  /** The instructions that depend on parameters and constants only. */
  hoistedBlock(): Int32Array {
    return Int32Array.from(this.hoisted);
  }

  /** Ends the block being emitted and returns its instructions (shared subexpressions stay in it). */
  end(): Int32Array {
    const block = Int32Array.from(this.code);
    this.code = [];
    this.shared.clear();
    return block;
  }

  /** The register file, with every constant in place (argument lists of CALLN after the registers). */
  registers(): Float64Array {
    const r = new Float64Array(this.size);
    for (const [k, v] of this.constantValues) r[k] = v;
    return r;
  }

  callLists(): Int32Array {
    return Int32Array.from(this.lists);
  }

  /** Compiles `node`; returns the register that holds its value once the block has run. */
  expression(node: MathNode, scope: RegisterScope): number {
    switch (node.type) {
      case "ConstantNode":
        return this.constant((node as MathNode & { value: number }).value);
      case "SymbolNode": {
        const name = (node as MathNode & { name: string }).name;
        const reg = scope.value(name);
        if (reg !== undefined) return reg;
        if (name === "pi") return this.constant(Math.PI);
        if (name === "e") return this.constant(Math.E);
        throw new ExpressionError(`unknown symbol "${name}"`, name);
      }
      case "ParenthesisNode":
        return this.expression((node as MathNode & { content: MathNode }).content, scope);
      case "OperatorNode": {
        const op = node as MathNode & { fn: string; args: MathNode[] };
        const hit = this.sharedHit(node, scope);
        if (hit !== undefined) return hit;
        const [a, b] = op.args.map((x) => this.expression(x, scope)) as [number, number | undefined];
        if (op.fn === "unaryMinus") return this.emit(NEG, a);
        if (op.fn === "unaryPlus") return a;
        const arith = ARITH[op.fn];
        if (arith !== undefined) return this.emit(arith, a, b);
        if (op.fn === "pow") return this.power(node, op.args[1] as MathNode, a, b as number, scope);
        const cmp = COMPARE[op.fn];
        if (cmp !== undefined) return this.emit(cmp, a, b);
        throw new ExpressionError(`operator ${op.fn} is not allowed`);
      }
      case "FunctionNode": {
        const name = functionName(node);
        const argNodes = (node as MathNode & { args: MathNode[] }).args;
        const helper = scope.helper?.(name);
        const hit = helper ? undefined : this.sharedHit(node, scope);
        if (hit !== undefined) return hit;
        const args = argNodes.map((x) => this.expression(x, scope));
        if (helper) {
          if (args.length !== helper.args.length) {
            throw new ExpressionError(
              `helper "${name}" takes ${helper.args.length} argument(s), not ${args.length}`,
              name,
            );
          }
          // Written out at each call: its arguments in registers of their own, then its body.
          const argRegs = args.map((a) => this.emit(MOV, a));
          return this.expression(helper.node, helper.scope(argRegs));
        }
        if (!Object.hasOwn(ALLOWED_FUNCTIONS, name))
          throw new ExpressionError(`function "${name}" is not allowed`, name);
        return this.shareable(node, scope, () => this.call(name, args));
      }
      default:
        throw new ExpressionError(`${node.type} is not allowed in a model expression`);
    }
  }

  /** The register of an equal subexpression computed before in this block, if it may be shared. */
  private sharedHit(node: MathNode, scope: RegisterScope): number | undefined {
    const key = scope.key?.(node);
    return key === undefined ? undefined : this.shared.get(key);
  }

  private shareable(node: MathNode, scope: RegisterScope, emit: () => number): number {
    const reg = emit();
    const key = scope.key?.(node);
    if (key !== undefined) this.shared.set(key, reg);
    return reg;
  }

  private call(name: string, args: number[]): number {
    const fn = builtinFunction(name) as (...xs: number[]) => number;
    if (args.length === 1) {
      const named = NAMED1[name];
      if (named !== undefined) return this.emit(named, args[0] as number);
      this.fns.push(fn);
      return this.emit(CALL1, args[0] as number, this.fns.length - 1);
    }
    if (args.length === 2) {
      if (name === "min") return this.emit(MIN2, args[0] as number, args[1] as number);
      if (name === "max") return this.emit(MAX2, args[0] as number, args[1] as number);
      this.fns.push(fn);
      return this.emit(CALL2, args[0] as number, args[1] as number, this.fns.length - 1);
    }
    this.fns.push(fn);
    const at = this.lists.length;
    this.lists.push(this.fns.length - 1, args.length, ...args);
    return this.emit(CALLN, 0, at);
  }

  private power(node: MathNode, exponent: MathNode, a: number, b: number, scope: RegisterScope): number {
    if (exponent.type === "ConstantNode") {
      const n = (exponent as MathNode & { value: number }).value;
      const k = Math.abs(n);
      if (Number.isInteger(n) && k <= MAX_PRODUCT_POWER) {
        if (k === 0) return this.constant(1);
        const product = k === 1 ? a : this.emit(IPOW, a, k);
        return n > 0 ? product : this.emit(INV, product);
      }
      return this.shareable(node, scope, () => this.emit(POW, a, b));
    }
    return this.shareable(node, scope, () => this.emit(RPOW, a, b));
  }
}

/** Runs one block of instructions over the registers. */
export function run(
  code: Int32Array,
  r: Float64Array,
  fns: readonly ((...xs: number[]) => number)[],
  lists: Int32Array,
): void {
  for (let pc = 0; pc < code.length; pc += WIDTH) {
    const d = code[pc + 1] as number;
    const a = r[code[pc + 2] as number] as number;
    const bi = code[pc + 3] as number;
    switch (code[pc]) {
      case ADD:
        r[d] = a + (r[bi] as number);
        break;
      case SUB:
        r[d] = a - (r[bi] as number);
        break;
      case MUL:
        r[d] = a * (r[bi] as number);
        break;
      case DIV:
        r[d] = a / (r[bi] as number);
        break;
      case NEG:
        r[d] = -a;
        break;
      case IPOW: {
        let p = a;
        for (let i = 1; i < bi; i++) p *= a;
        r[d] = p;
        break;
      }
      case INV:
        r[d] = 1 / a;
        break;
      case POW:
        r[d] = a ** (r[bi] as number);
        break;
      case RPOW: {
        const e = r[bi] as number;
        r[d] = e === 1 ? a : e === 2 ? a * a : e === 0 ? 1 : a ** e;
        break;
      }
      case EXP:
        r[d] = Math.exp(a);
        break;
      case LOG:
        r[d] = Math.log(a);
        break;
      case SQRT:
        r[d] = Math.sqrt(a);
        break;
      case ABS:
        r[d] = Math.abs(a);
        break;
      case MIN2:
        r[d] = Math.min(a, r[bi] as number);
        break;
      case MAX2:
        r[d] = Math.max(a, r[bi] as number);
        break;
      case GT:
        r[d] = a > (r[bi] as number) ? 1 : 0;
        break;
      case LT:
        r[d] = a < (r[bi] as number) ? 1 : 0;
        break;
      case GE:
        r[d] = a >= (r[bi] as number) ? 1 : 0;
        break;
      case LE:
        r[d] = a <= (r[bi] as number) ? 1 : 0;
        break;
      case CALL1:
        r[d] = (fns[bi] as (x: number) => number)(a);
        break;
      case CALL2:
        r[d] = (fns[code[pc + 4] as number] as (x: number, y: number) => number)(a, r[bi] as number);
        break;
      case CALLN: {
        // Rare (min or max of three or more): an array per call is acceptable here.
        const count = lists[bi + 1] as number;
        const xs: number[] = [];
        for (let i = 0; i < count; i++) xs.push(r[lists[bi + 2 + i] as number] as number);
        r[d] = (fns[lists[bi] as number] as (...xs: number[]) => number)(...xs);
        break;
      }
      case MOV:
        r[d] = a;
        break;
    }
  }
}
