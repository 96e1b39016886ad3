import { create, createUnitDependencies, type FactoryFunctionMap, type Unit, unitDependencies } from "mathjs";

// mathjs's unit parser knows SI units and prefixes; molar (M = mol/L) is added with its prefixes.
// Only the unit parser is created: nothing here evaluates an expression. It is created on the first unit
// read, not on import: creating its Unit class builds much of mathjs's arithmetic, which a program that
// reads no unit (a command line run on an already checked model) need not pay for.
let unitMath: { unit: (text: string) => Unit } | undefined;

function unitParser(): { unit: (text: string) => Unit } {
  if (unitMath === undefined) {
    const math = create({
      unitDependencies: unitDependencies as FactoryFunctionMap,
      createUnitDependencies: createUnitDependencies as FactoryFunctionMap,
    });
    math.createUnit("M", { definition: "1 mol/L", prefixes: "short" });
    unitMath = math as { unit: (text: string) => Unit };
  }
  return unitMath;
}

/** A linear combination of parameter names; the key "" is the constant term. */
export type Linear = Readonly<Record<string, number>>;

/**
 * A unit as SI dimension exponents and a power of ten to SI. Exponents (and the factor) are linear in
 * parameters, so that N^nb, with a Hill coefficient nb that the user may change, still has a unit.
 */
export interface UnitValue {
  /** Exponents of kg, m, s, A, K, cd, mol (mathjs's order; angle and bit count as dimensionless). */
  dims: Linear[];
  log10Factor: Linear;
}

const BASES = ["kg", "m", "s", "A", "K", "cd", "mol"] as const;
const DIMS = BASES.length;

export class UnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnitError";
  }
}

export const DIMENSIONLESS: UnitValue = { dims: Array.from({ length: DIMS }, () => ({})), log10Factor: {} };

const DIMENSIONLESS_TEXT = new Set(["", "–", "-", "—", "1", "dimensionless", "a.u.", "au", "arb"]);
const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
  "⁻": "-",
};

/** The text a person writes ("µM", "s·µM³", "1/s", "–") in mathjs's unit syntax ("uM", "s * uM^3"). */
function toMathjsSyntax(text: string): string {
  // Written as \u escapes, so that the bundled command line is all ASCII (see scripts/build-cli.mjs).
  return text
    .replace(/[\u00b5\u03bc]/g, "u") // µ (micro sign) or μ (Greek mu)
    .replace(/\s*[\u00b7\u22c5\u00d7*]\s*/g, " * ") // ·, ⋅, × or *
    .replace(
      /[\u2070\u00b9\u00b2\u00b3\u2074-\u2079\u207b]+/g /* ⁰ … ⁹, ⁻ */,
      (s) => `^${[...s].map((c) => SUPERSCRIPT[c]).join("")}`,
    )
    .trim();
}

const parsed = new Map<string, UnitValue>();

/** Reads a unit as a model file writes it; throws UnitError for text that is not a unit. */
export function parseUnit(text: string): UnitValue {
  const hit = parsed.get(text);
  if (hit) return hit;
  const value = DIMENSIONLESS_TEXT.has(text.trim()) ? DIMENSIONLESS : fromMathjs(text);
  parsed.set(text, value);
  return value;
}

function fromMathjs(text: string): UnitValue {
  let unit: Unit;
  try {
    unit = unitParser().unit(toMathjsSyntax(text));
  } catch (err) {
    throw new UnitError(`"${text}" is not a unit (${(err as Error).message}); write e.g. µM, 1/s, s·µM³ or – for none`);
  }
  const parts = (
    unit as unknown as {
      units: { unit: { value: number; offset: number }; prefix: { value: number }; power: number }[];
    }
  ).units;
  let log10 = 0;
  for (const p of parts) {
    if (p.unit.offset) throw new UnitError(`"${text}" has an offset (like °C), which a rate cannot carry`);
    log10 += p.power * Math.log10(p.unit.value * p.prefix.value);
  }
  const dims = (unit as unknown as { dimensions: number[] }).dimensions
    .slice(0, DIMS)
    .map((d): Linear => (d ? { "": d } : {}));
  return { dims, log10Factor: log10 ? { "": log10 } : {} };
}

// --- arithmetic on units ---

function addLinear(a: Linear, b: Linear, k = 1): Linear {
  const out: Record<string, number> = { ...a };
  for (const [name, v] of Object.entries(b)) {
    const s = (out[name] ?? 0) + k * v;
    if (Math.abs(s) < 1e-12) delete out[name];
    else out[name] = s;
  }
  return out;
}

function scaleLinear(a: Linear, k: number): Linear {
  return addLinear({}, a, k);
}

export function isConstant(a: Linear): boolean {
  return Object.keys(a).every((k) => k === "");
}

function constantOf(a: Linear): number {
  return a[""] ?? 0;
}

export function multiply(a: UnitValue, b: UnitValue, k = 1): UnitValue {
  return {
    dims: a.dims.map((d, i) => addLinear(d, b.dims[i] as Linear, k)),
    log10Factor: addLinear(a.log10Factor, b.log10Factor, k),
  };
}

export function divide(a: UnitValue, b: UnitValue): UnitValue {
  return multiply(a, b, -1);
}

/** `u` to the power `e`, or undefined where the result is not linear in the parameters. */
export function power(u: UnitValue, e: Linear): UnitValue | undefined {
  const all = [...u.dims, u.log10Factor];
  if (isConstant(e)) {
    const k = constantOf(e);
    return { dims: u.dims.map((d) => scaleLinear(d, k)), log10Factor: scaleLinear(u.log10Factor, k) };
  }
  if (!all.every(isConstant)) return undefined;
  const times = (d: Linear) => scaleLinear(e, constantOf(d));
  return { dims: u.dims.map(times), log10Factor: times(u.log10Factor) };
}

export function isDimensionless(u: UnitValue): boolean {
  return u.dims.every((d) => Object.keys(d).length === 0);
}

function sameLinear(a: Linear, b: Linear, tol: number): boolean {
  const diff = addLinear(a, b, -1);
  return Object.values(diff).every((v) => Math.abs(v) <= tol);
}

/** Same dimensions and the same factor: µM and mM differ, since no conversion ever happens. */
export function sameUnit(a: UnitValue, b: UnitValue): boolean {
  return (
    a.dims.every((d, i) => sameLinear(d, b.dims[i] as Linear, 1e-9)) && sameLinear(a.log10Factor, b.log10Factor, 1e-9)
  );
}

// --- writing a unit for people ---

const SUPERSCRIPT_OF = Object.fromEntries(Object.entries(SUPERSCRIPT).map(([k, v]) => [v, k]));

function exponentText(e: Linear): string {
  if (isConstant(e)) {
    const k = constantOf(e);
    if (k === 1) return "";
    if (Number.isInteger(k)) return [...String(k)].map((c) => SUPERSCRIPT_OF[c] ?? c).join("");
    return `^${Number(k.toPrecision(6))}`;
  }
  const terms = Object.entries(e).map(([name, v]) => (name === "" ? String(v) : v === 1 ? name : `${v}·${name}`));
  return `^(${terms.join(" + ")})`;
}

const MOLAR_PREFIXES: [string, number][] = [
  ["", 0],
  ["m", -3],
  ["µ", -6],
  ["n", -9],
  ["p", -12],
];

/** A readable form: molar units with their prefix where the unit is a concentration, else SI; "µM/s". */
export function formatUnit(u: UnitValue): string {
  if (isDimensionless(u) && Object.keys(u.log10Factor).length === 0) return "–";
  const [kg, m, s, A, K, cd, mol] = u.dims as Linear[];
  const factors: [string, Linear][] = [];
  let factor = u.log10Factor;
  const molar =
    [kg, A, K, cd].every((d) => Object.keys(d as Linear).length === 0) &&
    Object.keys(mol as Linear).length > 0 &&
    sameLinear(m as Linear, scaleLinear(mol as Linear, -3), 1e-9);
  if (molar) {
    // mol/m³ is 1e-3 M, so the factor to M is the factor to SI minus 3 per power of M.
    const rest = addLinear(factor, mol as Linear, -3);
    const prefix = MOLAR_PREFIXES.find(([, p]) => sameLinear(rest, scaleLinear(mol as Linear, p), 1e-9));
    factors.push([`${prefix?.[0] ?? ""}M`, mol as Linear]);
    factor = prefix ? {} : rest;
    factors.push(["s", s as Linear]);
  } else {
    BASES.forEach((b, i) => {
      factors.push([b, u.dims[i] as Linear]);
    });
  }
  const present = factors.filter(([, e]) => Object.keys(e).length > 0);
  const negative = (e: Linear) => isConstant(e) && constantOf(e) < 0;
  const top = present.filter(([, e]) => !negative(e)).map(([b, e]) => `${b}${exponentText(e)}`);
  const bottom = present.filter(([, e]) => negative(e)).map(([b, e]) => `${b}${exponentText(scaleLinear(e, -1))}`);
  const text = bottom.length ? `${top.join("·") || "1"}/${bottom.join("·")}` : top.join("·");
  const scale = Object.keys(factor).length ? ` ×10${exponentText(factor) || "¹"}` : "";
  return `${text}${scale}`;
}
