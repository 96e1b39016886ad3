import type { MathNode } from "mathjs";
import { callsOf, ExpressionError, functionName } from "../compile/expression.ts";
import type { Helper, Model } from "../model/model.ts";
import { helperUnits } from "../model/unit-check.ts";
import { divide, formatUnit, parseUnit, type UnitValue } from "../model/units.ts";
import type { ResolvedRun } from "../run/run-spec.ts";
import { eventCourses, simultaneousAssignments, switchExpression } from "./export-discrete.ts";
import { exportHeader } from "./export-header.ts";
import type { GeneratedFile } from "./export-model.ts";
import { createNameTable, type NameTable, renameLines } from "./export-names.ts";
import { boundedState, claimModelNames, keyOf, parametersRead } from "./export-scope.ts";
import { type InputPiece, inputTimeline } from "./input-pieces.ts";

const TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time"> time </csymbol>';

export function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number with its unit: a bare number in a model expression is a pure number. */
function cn(x: number, unit = "dimensionless"): string {
  const text = String(x);
  const e = text.indexOf("e");
  const u = `sbml:units="${unit}"`;
  // MathML writes 1e-7 as a mantissa and an exponent.
  return e < 0
    ? `<cn ${u}> ${text} </cn>`
    : `<cn type="e-notation" ${u}> ${text.slice(0, e)} <sep/> ${Number(text.slice(e + 1))} </cn>`;
}

const apply = (op: string, args: string[]) => `<apply><${op}/>${args.join("")}</apply>`;
const indicator = (cond: string) =>
  `<piecewise><piece>${cn(1)}${cond}</piece><otherwise>${cn(0)}</otherwise></piecewise>`;

/**
 * The MathML of every function a model expression may call, but one: MathML has no error function,
 * so `erf` is absent and a model whose rates or helpers call it is refused (see refuseUnwritable).
 */
export const MATHML_FUNCTIONS: Readonly<Record<string, (args: string[]) => string>> = {
  exp: (a) => apply("exp", a),
  log: (a) => apply("ln", a),
  log10: (a) => apply("log", a),
  sqrt: (a) => apply("root", a),
  abs: (a) => apply("abs", a),
  pow: (a) => apply("power", a),
  min: (a) => apply("min", a),
  max: (a) => apply("max", a),
  sin: (a) => apply("sin", a),
  cos: (a) => apply("cos", a),
  tan: (a) => apply("tan", a),
  tanh: (a) => apply("tanh", a),
  sinh: (a) => apply("sinh", a),
  cosh: (a) => apply("cosh", a),
  step: ([x]) => indicator(apply("gt", [x as string, cn(0)])),
};

const COMPARISONS: Readonly<Record<string, string>> = {
  larger: "gt",
  smaller: "lt",
  largerEq: "geq",
  smallerEq: "leq",
  equal: "eq",
  unequal: "neq",
};

interface MathScope {
  /** The MathML for a name (a <ci>, or an expression around one). */
  value(name: string): string;
  call(name: string, args: string[]): string | undefined;
}

/** Content MathML for a checked model expression. */
export function toMathml(node: MathNode, scope: MathScope): string {
  const n = node as MathNode & { fn: string; args: MathNode[]; name: string; value: number; content: MathNode };
  switch (node.type) {
    case "ConstantNode":
      return cn(n.value);
    case "SymbolNode":
      if (n.name === "pi") return "<pi/>";
      if (n.name === "e") return "<exponentiale/>";
      return scope.value(n.name);
    case "ParenthesisNode":
      return toMathml(n.content, scope);
    case "OperatorNode": {
      const args = n.args.map((a) => toMathml(a, scope));
      const ops: Record<string, string> = {
        add: "plus",
        subtract: "minus",
        multiply: "times",
        divide: "divide",
        pow: "power",
        unaryMinus: "minus",
      };
      if (n.fn === "unaryPlus") return args[0] as string;
      const op = ops[n.fn];
      if (op) return apply(op, args);
      const cmp = COMPARISONS[n.fn];
      if (cmp) return indicator(apply(cmp, args));
      throw new ExpressionError(`operator "${n.fn}" cannot be written in SBML`);
    }
    case "FunctionNode": {
      const name = functionName(node);
      const args = n.args.map((a) => toMathml(a, scope));
      const helper = scope.call(name, args);
      if (helper !== undefined) return helper;
      const fn = MATHML_FUNCTIONS[name];
      if (!fn) throw new ExpressionError(`function "${name}" cannot be written in SBML`, name);
      return fn(args);
    }
  }
  throw new ExpressionError(`a ${node.type} cannot be written in SBML`);
}

const MATH = (body: string) =>
  `<math xmlns="http://www.w3.org/1998/Math/MathML" xmlns:sbml="http://www.sbml.org/sbml/level3/version2/core">${body}</math>`;

/**
 * A call of a helper with arguments passes, after its own arguments, every parameter it reads.
 * `raw`: states as they are (switch functions, jumps), not read within their bounds (rates).
 */
function scopeFor(
  model: Model,
  names: NameTable,
  stateUnits: Map<string, string>,
  fn?: Helper,
  raw = false,
): MathScope {
  return {
    value(name) {
      const key = keyOf(model, name, fn);
      if (!key) throw new Error(`no exported name for ${name}`);
      const ci = `<ci> ${names.get(key)} </ci>`;
      if (raw || !key.startsWith("state:")) return ci;
      const unit = stateUnits.get(name) ?? "dimensionless";
      return boundedState(model, name, ci, {
        lo: (x, b) => apply("max", [x, cn(b, unit)]),
        hi: (x, b) => apply("min", [x, cn(b, unit)]),
      });
    },
    call(name, args) {
      const h = model.helpers.find((x) => x.name === name && x.args.length > 0);
      if (!h) return undefined;
      const extra = parametersRead(model, h).map((p) => `<ci> ${names.get(`param:${p}`)} </ci>`);
      return `<apply><ci> ${names.get(`helper:${h.name}`)} </ci>${args.join("")}${extra.join("")}</apply>`;
    },
  };
}

/** An input as a piecewise function of time: each piece's value where t0 ≤ time < t1, else 0. */
function piecewise(pieces: InputPiece[], unit: string, rateUnit: string, timeUnit: string): string {
  if (pieces.length === 0) return cn(0, unit);
  const at = (t: number) => cn(t, timeUnit);
  const parts = pieces.map((p) => {
    const value =
      p.slope === 0
        ? cn(p.v0, unit)
        : apply("plus", [cn(p.v0, unit), apply("times", [cn(p.slope, rateUnit), apply("minus", [TIME, at(p.t0)])])]);
    const cond = apply("and", [apply("geq", [TIME, at(p.t0)]), apply("lt", [TIME, at(p.t1)])]);
    return `<piece>${value}${cond}</piece>`;
  });
  return `<piecewise>${parts.join("")}<otherwise>${cn(0, unit)}</otherwise></piecewise>`;
}

const KINDS = ["kilogram", "metre", "second", "ampere", "kelvin", "candela", "mole"];

/** SBML units for a unit: concentrations as mole per litre with a scale, others in SI kinds. */
function unitElements(u: UnitValue): string[] {
  const dims = u.dims.map((d) => d[""] ?? 0);
  let log10 = u.log10Factor[""] ?? 0;
  const kinds: [string, number][] = [];
  const mol = dims[6] as number;
  if (mol !== 0 && dims[1] === -3 * mol) {
    kinds.push(["mole", mol], ["litre", -mol]);
    log10 -= 3 * mol;
    dims.forEach((d, i) => {
      if (i !== 1 && i !== 6 && d !== 0) kinds.push([KINDS[i] as string, d]);
    });
  } else {
    dims.forEach((d, i) => {
      if (d !== 0) kinds.push([KINDS[i] as string, d]);
    });
  }
  if (kinds.length === 0) kinds.push(["dimensionless", 1]);
  return kinds.map(([kind, exponent], k) => {
    // The whole factor goes on the first unit: (multiplier · 10^scale · kind)^exponent.
    const per = k === 0 ? log10 / exponent : 0;
    const scale = Math.round(per);
    const integral = Math.abs(per - scale) < 1e-9;
    const multiplier = integral ? 1 : 10 ** per;
    return `<unit kind="${kind}" exponent="${exponent}" scale="${integral ? scale : 0}" multiplier="${multiplier}"/>`;
  });
}

/**
 * Refuses, before anything is written, a model whose rates or helpers call a function MathML lacks
 * (erf), naming the expression. Derived readouts are not exported, so an erf there does not matter.
 */
function refuseUnwritable(model: Model): void {
  const exported = [
    ...model.helpers.map((h) => ({ what: `helper "${h.name}"`, text: h.expr, node: h.node })),
    ...model.states.map((s) => ({ what: `the rate of state "${s.name}"`, text: s.rate, node: s.node })),
  ];
  for (const e of exported) {
    for (const fn of callsOf(e.node)) {
      if (!Object.hasOwn(MATHML_FUNCTIONS, fn) && !model.helpers.some((h) => h.name === fn)) {
        throw new ExpressionError(
          `cannot export to SBML: ${e.what} calls ${fn}(), which MathML has no form for ("${e.text}"); export to xpp or scipy instead`,
          fn,
        );
      }
    }
  }
}

/** SBML Level 3 Version 2: states as non-constant parameters with rate rules, helpers as assignment rules. */
export function exportSbml(run: ResolvedRun, link?: string): GeneratedFile {
  const model = run.model;
  refuseUnwritable(model);
  const names = createNameTable({ maxLength: Number.POSITIVE_INFINITY, caseInsensitive: false, reserved: [] });
  claimModelNames(model, names);
  const timeline = inputTimeline(run);
  const header = exportHeader(run, link);
  const notes = [
    "SBML has no bounds on a variable: the rules read each bounded state through max/min, as Plasticity Lab evaluates its rates.",
    ...(model.events.length
      ? [
          "Each scheduled event is one SBML event with a jump counter (n_<event>): it fires when time reaches start + n·period + delay while n < count, so changing those parameters moves the jumps. Its assignments are written as simultaneous ones (SBML evaluates them together), with the bounds applied.",
        ]
      : []),
    ...(model.switches.length
      ? [
          "Each switch is a parameter set by two events, when its function crosses 0 upwards (1) and downwards (0); an initial assignment gives its value at the start.",
        ]
      : []),
    "Helpers with arguments become function definitions that take every parameter they read as an extra argument, since an SBML function cannot read the model's values.",
  ];

  // One unit definition per unit text; "–" is SBML's dimensionless.
  const unitIds = new Map<string, string>();
  const unitDefs: string[] = [];
  const unitNames = createNameTable({
    maxLength: Number.POSITIVE_INFINITY,
    caseInsensitive: false,
    reserved: [
      ...KINDS,
      "dimensionless",
      "litre",
      "item",
      "avogadro",
      "becquerel",
      "coulomb",
      "gram",
      "hertz",
      "joule",
      "lux",
      "volt",
      "watt",
      "weber",
      "sievert",
      "siemens",
      "radian",
      "steradian",
      "tesla",
      "pascal",
      "ohm",
      "newton",
      "lumen",
      "katal",
      "henry",
      "gray",
      "farad",
    ],
  });
  const unitOf = (text: string, value: UnitValue = parseUnit(text)): string => {
    const known = unitIds.get(text);
    if (known) return known;
    const u = value;
    const els = unitElements(u);
    let id: string;
    if (els.length === 1 && els[0] === '<unit kind="dimensionless" exponent="1" scale="0" multiplier="1"/>')
      id = "dimensionless";
    else if (els.length === 1 && els[0] === '<unit kind="second" exponent="1" scale="0" multiplier="1"/>')
      id = "second";
    else {
      const readable = text
        .replace(/[\u00b5\u03bc]/g, "u") // µ (micro sign) or μ (Greek mu)
        .replace(/^1\//, "per_")
        .replace(/\//g, "_per_")
        .replace(/\u00b2/g, "2") // ²
        .replace(/\u00b3/g, "3"); // ³
      id = unitNames.claim(`unit:${text}`, `u_${readable}`.replace(/[^A-Za-z0-9_]/g, "_"), `unit ${text}`);
      unitDefs.push(
        `      <unitDefinition id="${id}" name="${xmlEscape(text)}">`,
        "        <listOfUnits>",
        ...els.map((e) => `          ${e}`),
        "        </listOfUnits>",
        "      </unitDefinition>",
      );
    }
    unitIds.set(text, id);
    return id;
  };

  const stateUnits = new Map(model.states.map((s) => [s.name, unitOf(s.unit)]));
  const params: string[] = [];
  const param = (id: string, label: string, unit: string | undefined, value: number | undefined, constant: boolean) =>
    params.push(
      `      <parameter id="${id}" name="${xmlEscape(label)}"${value === undefined ? "" : ` value="${value}"`}${unit === undefined ? "" : ` units="${unitOf(unit)}"`} constant="${constant}"/>`,
    );
  for (const s of model.states) param(names.get(`state:${s.name}`), s.label, s.unit, s.initial, false);
  for (const i of model.inputs) param(names.get(`input:${i.name}`), i.label, i.unit, undefined, false);
  const inferred = helperUnits(model);
  for (const h of model.helpers.filter((x) => x.args.length === 0)) {
    const u = inferred.get(h.name);
    const text = h.unitGiven ? h.unit : u ? formatUnit(u) : undefined;
    params.push(
      `      <parameter id="${names.get(`helper:${h.name}`)}" name="${xmlEscape(h.label)}"${text === undefined ? "" : ` units="${unitOf(text, u)}"`} constant="false"/>`,
    );
  }
  for (const w of model.switches) param(names.get(`switch:${w.name}`), w.label, "–", undefined, false);
  for (const p of model.parameters)
    param(names.get(`param:${p.name}`), p.label, p.unit, run.values[p.index] as number, true);
  const counters = model.events.map((ev) => {
    const id = names.claim(`event-count:${ev.name}`, `n_${ev.name}`, `jump counter of event ${ev.name}`);
    param(id, `Jumps of ${ev.label} so far`, "–", 0, false);
    return id;
  });

  const functions: string[] = [];
  for (const h of model.helpers.filter((x) => x.args.length > 0)) {
    const local = names.fork();
    const args = h.args.map((a) => local.claim(`arg:${h.name}:${a}`, a, `argument ${a} of ${h.name}`));
    const bvars = [...args, ...parametersRead(model, h).map((p) => names.get(`param:${p}`))];
    const body = toMathml(h.node, scopeFor(model, local, stateUnits, h));
    functions.push(
      `      <functionDefinition id="${names.get(`helper:${h.name}`)}" name="${xmlEscape(h.label)}">`,
      `        ${MATH(`<lambda>${bvars.map((b) => `<bvar><ci> ${b} </ci></bvar>`).join("")}${body}</lambda>`)}`,
      "      </functionDefinition>",
    );
  }

  const scope = scopeFor(model, names, stateUnits);
  const rules: string[] = [];
  const timeUnits = unitOf(model.timeUnit);
  for (const { input, pieces } of timeline.inputs) {
    const rate = divide(parseUnit(input.unit), parseUnit(model.timeUnit));
    const math = piecewise(pieces, unitOf(input.unit), unitOf(`${input.unit}/${model.timeUnit}`, rate), timeUnits);
    rules.push(`      <assignmentRule variable="${names.get(`input:${input.name}`)}">${MATH(math)}</assignmentRule>`);
  }
  for (const h of model.helpers.filter((x) => x.args.length === 0)) {
    rules.push(
      `      <assignmentRule variable="${names.get(`helper:${h.name}`)}">${MATH(toMathml(h.node, scope))}</assignmentRule>`,
    );
  }
  for (const s of model.states) {
    rules.push(
      `      <rateRule variable="${names.get(`state:${s.name}`)}">${MATH(toMathml(s.node, scope))}</rateRule>`,
    );
  }
  const { events, initial } = sbmlEvents(run, names, counters, stateUnits, timeUnits, timeline.tEnd);

  const para = (text: string) => `          <p>${xmlEscape(text)}</p>`;
  const renames = renameLines(names.renames());
  const body = [
    ...header.lines.map(para),
    para(
      `Time is in ${model.timeUnit}. States are parameters with rate rules; helpers and inputs are assignment rules.`,
    ),
    ...notes.map(para),
    ...(renames.length ? [`          <pre>${xmlEscape(renames.join("\n"))}</pre>`] : []),
  ];
  const modelId = names.fork().claim("model", model.id.replace(/[^A-Za-z0-9_]/g, "_"), "model");
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">',
    `  <model id="${modelId}" name="${xmlEscape(model.title)}" timeUnits="${timeUnits}">`,
    "    <notes>",
    '      <body xmlns="http://www.w3.org/1999/xhtml">',
    ...body.map((l) => `  ${l}`),
    "      </body>",
    "    </notes>",
    ...(functions.length ? ["    <listOfFunctionDefinitions>", ...functions, "    </listOfFunctionDefinitions>"] : []),
    ...(unitDefs.length ? ["    <listOfUnitDefinitions>", ...unitDefs, "    </listOfUnitDefinitions>"] : []),
    "    <listOfParameters>",
    ...params,
    "    </listOfParameters>",
    ...(initial.length ? ["    <listOfInitialAssignments>", ...initial, "    </listOfInitialAssignments>"] : []),
    "    <listOfRules>",
    ...rules,
    "    </listOfRules>",
    ...(events.length ? ["    <listOfEvents>", ...events, "    </listOfEvents>"] : []),
    "  </model>",
    "</sbml>",
  ];
  return { text: `${lines.join("\n")}\n`, notes };
}

/**
 * The model's scheduled events and switches as SBML events. A scheduled event fires in declared order
 * at equal times (priorities) and reads the values as they are when it fires, after any earlier one
 * (useValuesFromTriggerTime false), so its jumps see the jumps before it, as in Plasticity Lab; it
 * may fire at t = 0 (initialValue false). A switch's events never fire at the start (initialValue
 * true): its initial assignment sets it there.
 */
function sbmlEvents(
  run: ResolvedRun,
  names: NameTable,
  counters: string[],
  stateUnits: Map<string, string>,
  timeUnits: string,
  tEnd: number,
): { events: string[]; initial: string[] } {
  const { model } = run;
  // Refuses a schedule the engine refuses, with its words.
  eventCourses(run, tEnd);
  const raw = scopeFor(model, names, stateUnits, undefined, true);
  const math = (node: MathNode) => toMathml(node, raw);
  const zero = "<cn> 0 </cn>";
  const events: string[] = [];
  const initial: string[] = [];
  const event = (
    id: string,
    label: string,
    fromTrigger: boolean,
    initialValue: boolean,
    trigger: string,
    priority: number | undefined,
    assign: [string, string][],
  ) => {
    events.push(
      `      <event id="${id}" name="${xmlEscape(label)}" useValuesFromTriggerTime="${fromTrigger}">`,
      `        <trigger initialValue="${initialValue}" persistent="true">${MATH(trigger)}</trigger>`,
      ...(priority === undefined ? [] : [`        <priority>${MATH(cn(priority))}</priority>`]),
      "        <listOfEventAssignments>",
      ...assign.map(([v, m]) => `          <eventAssignment variable="${v}">${MATH(m)}</eventAssignment>`),
      "        </listOfEventAssignments>",
      "      </event>",
    );
  };
  model.events.forEach((ev, k) => {
    const n = `<ci> ${counters[k]} </ci>`;
    // A bare number in a time is a time; a delay of 0 is left out.
    const timeMath = (node: MathNode) =>
      node.type === "ConstantNode" ? cn((node as MathNode & { value: number }).value, timeUnits) : math(node);
    const isZero = (node: MathNode) =>
      node.type === "ConstantNode" && (node as MathNode & { value: number }).value === 0;
    const time = [
      timeMath(ev.start.node),
      ...(ev.period ? [apply("times", [n, timeMath(ev.period.node)])] : []),
      ...(isZero(ev.delay.node) ? [] : [timeMath(ev.delay.node)]),
    ];
    const count = apply("floor", [apply("plus", [math(ev.count.node), cn(0.5)])]);
    const trigger = apply("and", [
      apply("geq", [TIME, time.length > 1 ? apply("plus", time) : (time[0] as string)]),
      apply("lt", [n, count]),
    ]);
    const assign: [string, string][] = simultaneousAssignments(ev).map(({ state, node }) => {
      const unit = stateUnits.get(state) ?? "dimensionless";
      const value = boundedState(model, state, math(node), {
        lo: (x, b) => apply("max", [x, cn(b, unit)]),
        hi: (x, b) => apply("min", [x, cn(b, unit)]),
      });
      return [names.get(`state:${state}`), value];
    });
    assign.push([counters[k] as string, apply("plus", [n, cn(1)])]);
    const id = names.claim(`event:${ev.name}`, ev.name, `event ${ev.name}`);
    event(id, ev.label, false, false, trigger, model.events.length - k, assign);
  });
  for (const w of model.switches) {
    const id = names.get(`switch:${w.name}`);
    const above = apply("gt", [math(switchExpression(model, w.expr.node)), zero]);
    initial.push(`      <initialAssignment symbol="${id}">${MATH(indicator(above))}</initialAssignment>`);
    const on = names.claim(`switch-on:${w.name}`, `${w.name}_on`, `event setting switch ${w.name}`);
    const off = names.claim(`switch-off:${w.name}`, `${w.name}_off`, `event clearing switch ${w.name}`);
    event(on, `${w.label}: on`, true, true, above, undefined, [[id, cn(1)]]);
    event(off, `${w.label}: off`, true, true, apply("not", [above]), undefined, [[id, cn(0)]]);
  }
  return { events, initial };
}
