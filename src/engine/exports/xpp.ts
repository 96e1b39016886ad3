import type { Expr, Helper, Model } from "../model/model.ts";
import type { ResolvedRun } from "../run/run-spec.ts";
import { applyJump } from "../solve/events.ts";
import { SwitchRuntime } from "../solve/switches.ts";
import { eventCourses, switchExpression } from "./export-discrete.ts";
import { exportHeader } from "./export-header.ts";
import type { GeneratedFile } from "./export-model.ts";
import { createNameTable, type NameTable, renameLines } from "./export-names.ts";
import { boundedState, claimModelNames, keyOf } from "./export-scope.ts";
import { type InfixDialect, type InfixScope, nested, printInfix } from "./infix.ts";
import { type InputPiece, type InputTimeline, inputTimeline } from "./input-pieces.ts";

/** Words XPPAUT reads as functions, keywords or time: no model name may become one of them. */
const XPP_RESERVED = [
  "t",
  "pi",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "atan2",
  "sinh",
  "cosh",
  "tanh",
  "exp",
  "ln",
  "log",
  "log10",
  "sqrt",
  "abs",
  "heav",
  "sign",
  "mod",
  "flr",
  "ran",
  "normal",
  "max",
  "min",
  "if",
  "then",
  "else",
  "delay",
  "shift",
  "not",
  "int",
  "sum",
  "besselj",
  "bessely",
  "besseli",
  "erf",
  "erfc",
  "lgamma",
  "poisson",
  "hom_bcs",
  "par",
  "param",
  "p",
  "init",
  "i",
  "aux",
  "a",
  "done",
  "d",
  "global",
  "table",
  "wiener",
  "number",
  "markov",
  "set",
  "options",
  "bdry",
  "volt",
  "special",
  "export",
];

const num = (x: number) => String(x);

const XPP_MAX_FLAG_EVENTS = 20;

/** Steps per run for a model with jumps or switches: XPPAUT interpolates linearly over a step to place a flag. */
const FLAG_STEPS = 600_000;

function nextPrime(n: number): number {
  const isPrime = (k: number) => {
    for (let d = 2; d * d <= k; d++) if (k % d === 0) return false;
    return k >= 2;
  };
  let k = Math.max(2, n);
  while (!isPrime(k)) k++;
  return k;
}

/** The switches' values at the start, as the engine sets them: from the sign of each function. */
function initialSwitches(run: ResolvedRun, y0: number[], timeline: InputTimeline): number[] {
  const { model } = run;
  const params = new Float64Array(run.values.length + model.switches.length);
  params.set(run.values);
  const runtime = new SwitchRuntime(model, params, run.values.length);
  const inputs = Float64Array.from(timeline.inputs, ({ pieces }) => {
    const p = pieces.find((x) => x.t0 <= 0 && x.t1 > 0);
    return p ? p.v0 : 0;
  });
  runtime.reset(y0, inputs);
  return model.switches.map((_, k) => runtime.value(k));
}

/** XPPAUT's expression language; `step` and `erf` are there for models that will use them. */
export const XPP_DIALECT: InfixDialect = {
  number: num,
  powerOperator: "^",
  constants: { pi: "pi", e: "exp(1)" },
  functions: {
    exp: ([x]) => `exp(${x})`,
    log: ([x]) => `ln(${x})`,
    log10: ([x]) => `log10(${x})`,
    sqrt: ([x]) => `sqrt(${x})`,
    abs: ([x]) => `abs(${x})`,
    pow: ([x, y]) => `(${x})^(${y})`,
    min: nested("min"),
    max: nested("max"),
    sin: ([x]) => `sin(${x})`,
    cos: ([x]) => `cos(${x})`,
    tan: ([x]) => `tan(${x})`,
    tanh: ([x]) => `tanh(${x})`,
    sinh: ([x]) => `sinh(${x})`,
    cosh: ([x]) => `cosh(${x})`,
    // heav(0) is 1 where step(0) is 0: the two differ only on a set of zero duration.
    step: ([x]) => `heav(${x})`,
    erf: ([x]) => `erf(${x})`,
  },
  comparisons: {
    larger: (a, b) => `(${a}>${b})`,
    smaller: (a, b) => `(${a}<${b})`,
    largerEq: (a, b) => `(${a}>=${b})`,
    smallerEq: (a, b) => `(${a}<=${b})`,
    equal: (a, b) => `(${a}==${b})`,
    unequal: (a, b) => `(${a}!=${b})`,
  },
};

/** XPPAUT reads comments byte by byte; Greek letters and superscripts become plain ASCII. */
export function ascii(text: string): string {
  const map: Record<string, string> = {
    "—": "-",
    "–": "-",
    "→": "->",
    µ: "u",
    μ: "u",
    "²": "^2",
    "³": "^3",
    "·": "*",
    "×": "x",
    α: "alpha",
    β: "beta",
    η: "eta",
    θ: "theta",
    τ: "tau",
    Ω: "Omega",
    λ: "lambda",
    σ: "sigma",
    "≥": ">=",
    "≤": "<=",
    "⁺": "+",
  };
  return text.replace(/[^\x20-\x7e]/g, (c) => map[c] ?? "?");
}

/** `raw`: states as they are (switch functions and jumps), not read within their bounds (rates). */
function scopeFor(model: Model, names: NameTable, fn?: Helper, raw = false): InfixScope {
  return {
    value(name) {
      const key = keyOf(model, name, fn);
      if (!key) throw new Error(`no exported name for ${name}`);
      if (raw || !key.startsWith("state:")) return names.get(key);
      return boundedState(model, name, names.get(key), {
        lo: (x, b) => `max(${x},${num(b)})`,
        hi: (x, b) => `min(${x},${num(b)})`,
      });
    },
    call(name, args) {
      const h = model.helpers.find((x) => x.name === name && x.args.length > 0);
      return h ? `${names.get(`helper:${h.name}`)}(${args.join(", ")})` : undefined;
    },
  };
}

/** Windows are written with heav, which XPPAUT has: (heav(t-t0) - heav(t-t1)) * value. */
function pieceText(p: InputPiece): string {
  const on = p.t0 === 0 ? "" : `heav(t-${num(p.t0)})`;
  const window = on ? `(${on}-heav(t-${num(p.t1)}))` : `(1-heav(t-${num(p.t1)}))`;
  const value = p.slope === 0 ? num(p.v0) : `(${num(p.v0)}+${num(p.slope)}*(t-${num(p.t0)}))`;
  return value === "1" ? window : `${window}*${value}`;
}

/** XPPAUT's .ode file for the run: states, helpers as fixed quantities, inputs with heav. */
export function exportXpp(run: ResolvedRun, every: number, link?: string): GeneratedFile {
  const model = run.model;
  const names = createNameTable({ maxLength: 10, caseInsensitive: true, reserved: XPP_RESERVED });
  claimModelNames(model, names);
  const timeline = inputTimeline(run);
  const header = exportHeader(run, link);
  const discrete = model.events.length > 0 || model.switches.length > 0;
  const notes = [
    "XPPAUT has no bounds on a variable: the equations read each bounded state through max/min, as Plasticity Lab evaluates its rates.",
    discrete
      ? `Jumps and switches are global flags (a jump counter n_<event> per event, a held variable per switch). XPPAUT places a flag by linear interpolation over one step and its adaptive methods skip flags when the step is short, so the solver is fixed-step Runge-Kutta with ${FLAG_STEPS} steps per run.`
      : "The solver is Dormand-Prince 8(5,3) (meth=83dp), not CVODE: XPPAUT's CVODE steps over a whole input pulse when the rates are 0 at rest.",
  ];
  // XPPAUT's own limit (flags.c, MAX_EVENTS): 20 assignments per flag.
  const bounded = (state: string) => model.states.some((x) => x.name === state && x.bounds.some((b) => b !== null));
  const longest = Math.max(
    0,
    ...model.events.map((e) => e.assign.length + new Set(e.assign.map((a) => a.state).filter(bounded)).size + 1),
  );
  const limits = [
    ...(longest > XPP_MAX_FLAG_EVENTS
      ? [
          `An event needs ${longest} assignments in one flag (its lines, the bounds and the counter) and XPPAUT accepts ${XPP_MAX_FLAG_EVENTS}: XPPAUT refuses this file; use the SBML or Python export.`,
        ]
      : []),
  ];
  notes.push(...limits);
  const out: string[] = [];
  const comment = (text: string) => out.push(`# ${ascii(text)}`.trimEnd());
  for (const l of limits) comment(`CANNOT RUN IN XPPAUT: ${l}`);
  for (const l of header.lines) comment(l);
  comment("Run headless: xppaut THIS.ode -silent   (writes output.dat: t, then the states in the order below)");
  out.push("");

  // Inputs come first: every later line may use them. Long trains are split over several lines,
  // since XPPAUT limits the length of one line.
  out.push("# Inputs, from this run's schedule (heav(x) is 1 for x >= 0, else 0)");
  const extra = names.fork();
  for (const { input, pieces } of timeline.inputs) {
    const name = names.get(`input:${input.name}`);
    comment(`${input.name}: ${input.label} (${input.unit})`);
    const chunks: string[] = [];
    for (let k = 0; k < pieces.length; k += 4)
      chunks.push(
        pieces
          .slice(k, k + 4)
          .map(pieceText)
          .join(" + "),
      );
    if (chunks.length <= 1) out.push(`${name} = ${chunks[0] ?? "0"}`);
    else {
      const parts = chunks.map((c, k) => {
        const part = extra.claim(`${input.name}#${k}`, `${name}_p${k + 1}`, `part ${k + 1} of input ${input.name}`);
        out.push(`${part} = ${c}`);
        return part;
      });
      out.push(`${name} = ${parts.join(" + ")}`);
    }
  }
  out.push("");

  out.push("# Parameters (this run's values)");
  for (const p of model.parameters) {
    comment(`${p.name}: ${p.label} (${p.unit})`);
    out.push(`par ${names.get(`param:${p.name}`)}=${num(run.values[p.index] as number)}`);
  }
  out.push("");

  const fnHelpers = model.helpers.filter((h) => h.args.length > 0);
  if (fnHelpers.length) out.push("# Functions (they read the parameters above)");
  for (const h of fnHelpers) {
    const local = names.fork();
    for (const a of h.args) local.claim(`arg:${h.name}:${a}`, a, `argument ${a} of ${h.name}`);
    comment(`${h.name}: ${h.label}`);
    const args = h.args.map((a) => local.get(`arg:${h.name}:${a}`));
    out.push(
      `${names.get(`helper:${h.name}`)}(${args.join(",")}) = ${printInfix(h.node, XPP_DIALECT, scopeFor(model, local, h))}`,
    );
  }
  if (fnHelpers.length) out.push("");

  out.push("# Helpers (fixed quantities, in dependency order)");
  for (const h of model.helpers.filter((x) => x.args.length === 0)) {
    comment(`${h.name}: ${h.label}${h.unitGiven ? ` (${h.unit})` : ""}`);
    out.push(`${names.get(`helper:${h.name}`)} = ${printInfix(h.node, XPP_DIALECT, scopeFor(model, names))}`);
  }
  out.push("");

  // Jumps at t = 0 are in the initial values: XPPAUT's flags only see a crossing after a step.
  const courses = eventCourses(run, timeline.tEnd);
  const y0 = model.states.map((s) => s.initial);
  const firedAtStart = courses.map((c) => c.times.filter((t) => t === 0).length);
  // As the engine does: every jump at 0 in declared order, then the bounds once.
  for (const c of courses) if (c.times[0] === 0) applyJump(c.event, model, y0, run.values);
  model.states.forEach((s, k) => {
    y0[k] = Math.min(
      s.bounds[1] ?? Number.POSITIVE_INFINITY,
      Math.max(s.bounds[0] ?? Number.NEGATIVE_INFINITY, y0[k] as number),
    );
  });

  out.push("# States");
  for (const s of model.states) {
    comment(`${s.name}: ${s.label} (${s.unit})`);
    const name = names.get(`state:${s.name}`);
    out.push(`${name}' = ${printInfix(s.node, XPP_DIALECT, scopeFor(model, names))}`);
    out.push(`init ${name}=${num(y0[s.index] as number)}`);
  }
  out.push("");

  if (model.switches.length) {
    out.push(
      "# Switches: each holds 1 or 0 between crossings, as in Plasticity Lab; its two global flags set it",
      "# when its function (over the states as they are) crosses 0 upwards or downwards.",
    );
    const held = initialSwitches(run, y0, timeline);
    for (const w of model.switches) {
      comment(`${w.name}: ${w.label}`);
      const name = names.get(`switch:${w.name}`);
      const g = printInfix(
        switchExpression(model, w.expr.node),
        XPP_DIALECT,
        scopeFor(model, names, undefined, true),
      ).replace(/\s+/g, "");
      out.push(
        `${name}' = 0`,
        `init ${name}=${held[w.index]}`,
        `global 1 ${g} {${name}=1}`,
        `global -1 ${g} {${name}=0}`,
      );
    }
    out.push("");
  }

  if (courses.length) {
    out.push(
      "# Scheduled jumps: each event counts its jumps in a variable of its own; its global flag fires when t",
      "# passes start + count*period + delay, applies the assignments in order, then the bounds.",
    );
    const raw = scopeFor(model, names, undefined, true);
    const text = (e: Expr | undefined) => (e ? `(${printInfix(e.node, XPP_DIALECT, raw)})` : "0");
    for (const [k, c] of courses.entries()) {
      const ev = c.event;
      const counter = extra.claim(`event:${ev.name}`, `n_${ev.name}`, `jump counter of event ${ev.name}`);
      comment(`${ev.name}: ${ev.label} (${c.times.length} jumps in this run)`);
      out.push(`${counter}' = 0`, `init ${counter}=${firedAtStart[k]}`);
      const when = `${text(ev.start)}+${counter}*${text(ev.period)}+${text(ev.delay)}`;
      const assign = ev.assign.map(
        (a) => `${names.get(`state:${a.state}`)}=${printInfix(a.value.node, XPP_DIALECT, raw)}`,
      );
      const clip = ev.assign.flatMap((a) => {
        const st = model.states[a.index];
        const name = names.get(`state:${a.state}`);
        return st && (st.bounds[0] !== null || st.bounds[1] !== null)
          ? [
              `${name}=${boundedState(model, a.state, name, { lo: (x, b) => `max(${x},${num(b)})`, hi: (x, b) => `min(${x},${num(b)})` })}`,
            ]
          : [];
      });
      out.push(
        `global 1 if(${counter}<flr(${printInfix(ev.count.node, XPP_DIALECT, raw)}+0.5))then(t-(${when}))else(-1) {${[...assign, ...clip, `${counter}=${counter}+1`].join(";")}}`,
      );
    }
    out.push("");
  }

  const renames = renameLines(names.renames());
  for (const l of renames) comment(l);
  if (renames.length) out.push("");
  const rows = Math.ceil(timeline.tEnd / every) + 1;
  const shown = model.states.find((s) => s.name === model.readout.weight) ?? model.states[0];
  const weight = names.get(`state:${shown?.name}`);
  // A prime number of steps per output interval keeps the step ends off round jump times: XPPAUT
  // misses a flag whose function is exactly 0 at the end of a step.
  const substeps = nextPrime(Math.ceil((every * FLAG_STEPS) / timeline.tEnd));
  out.push(
    "# bounds is raised so that a run never stops at XPPAUT's default bound of 100.",
    ...(discrete
      ? [
          "# Fourth-order Runge-Kutta with a small fixed step: a global flag is checked after every step, and",
          "# XPPAUT places a crossing and the state at it by linear interpolation over that step, so the step is",
          `# short (${FLAG_STEPS} per run); nout=${substeps} stores every ${substeps}th. XPPAUT's adaptive methods skip flags`,
          "# when their step is short.",
          `@ meth=rungekutta, dt=${num(every / substeps)}, nout=${substeps}, total=${num(timeline.tEnd)}, bounds=1e9, maxstor=${rows + 100}`,
        ]
      : [
          "# Dormand-Prince 8(5,3) with tight tolerances. It integrates each output interval dt on its own, so",
          "# no input edge is stepped over; XPPAUT's CVODE steps past a whole pulse when the rates are 0 at rest.",
          "# For a stiff setting (a rate times dt in the hundreds) use meth=2rb (Rosenbrock) instead.",
          `@ meth=83dp, toler=1e-10, atoler=1e-14, dt=${num(every)}, total=${num(timeline.tEnd)}, bounds=1e9, maxstor=${rows + 100}`,
        ]),
    `@ xp=t, yp=${weight}, xlo=0, xhi=${num(timeline.tEnd)}, ylo=0, yhi=2`,
    "done",
  );
  return { text: `${out.join("\n")}\n`, notes };
}
