import type { Expr, Helper, Model } from "../model/model.ts";
import type { ResolvedRun } from "../run/run-spec.ts";
import { eventCourses, switchExpression } from "./export-discrete.ts";
import { exportHeader } from "./export-header.ts";
import type { GeneratedFile } from "./export-model.ts";
import { createNameTable, type NameTable, renameLines } from "./export-names.ts";
import { claimModelNames, keyOf } from "./export-scope.ts";
import { type InfixDialect, type InfixScope, printInfix } from "./infix.ts";
import { type InputPiece, inputTimeline } from "./input-pieces.ts";

/** Python keywords, and every name the generated script itself uses. */
const PYTHON_RESERVED = [
  ..."False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
  ..."abs min max float int print range len list dict open sum round pow zip enumerate".split(" "),
  ..."np solve_ivp argparse special inputs rates solve plot main t y at every STATE_NAMES Y0 LOWER UPPER T_END EVERY BREAKPOINTS".split(
    " ",
  ),
  ..."sw switch_functions apply_jump scheduled_jumps run_stretch crossing event n_jump".split(" "),
];

/** A Python number: JavaScript's shortest round-trip form is valid Python. */
const num = (x: number) => (Number.isFinite(x) ? String(x) : x > 0 ? "np.inf" : "-np.inf");

/** Python with numpy; `step` and `erf` are there for models that will use them. */
export const PYTHON_DIALECT: InfixDialect = {
  number: num,
  powerOperator: "**",
  constants: { pi: "np.pi", e: "np.e" },
  functions: {
    exp: ([x]) => `np.exp(${x})`,
    log: ([x]) => `np.log(${x})`,
    log10: ([x]) => `np.log10(${x})`,
    sqrt: ([x]) => `np.sqrt(${x})`,
    abs: ([x]) => `abs(${x})`,
    pow: ([x, y]) => `(${x}) ** (${y})`,
    min: (xs) => `min(${xs.join(", ")})`,
    max: (xs) => `max(${xs.join(", ")})`,
    sin: ([x]) => `np.sin(${x})`,
    cos: ([x]) => `np.cos(${x})`,
    tan: ([x]) => `np.tan(${x})`,
    tanh: ([x]) => `np.tanh(${x})`,
    sinh: ([x]) => `np.sinh(${x})`,
    cosh: ([x]) => `np.cosh(${x})`,
    step: ([x]) => `np.heaviside(${x}, 0.0)`,
    erf: ([x]) => `special.erf(${x})`,
  },
  comparisons: {
    larger: (a, b) => `float(${a} > ${b})`,
    smaller: (a, b) => `float(${a} < ${b})`,
    largerEq: (a, b) => `float(${a} >= ${b})`,
    smallerEq: (a, b) => `float(${a} <= ${b})`,
    equal: (a, b) => `float(${a} == ${b})`,
    unequal: (a, b) => `float(${a} != ${b})`,
  },
};

function scopeFor(model: Model, names: NameTable, fn?: Helper): InfixScope {
  return {
    value(name) {
      const key = keyOf(model, name, fn);
      if (!key) throw new Error(`no exported name for ${name}`);
      return names.get(key);
    },
    call(name, args) {
      const h = model.helpers.find((x) => x.name === name && x.args.length > 0);
      return h ? `${names.get(`helper:${h.name}`)}(${args.join(", ")})` : undefined;
    },
  };
}

function pieceValue(p: InputPiece): string {
  return p.slope === 0 ? num(p.v0) : `${num(p.v0)} + ${num(p.slope)} * (t - ${num(p.t0)})`;
}

/** A runnable Python script (numpy and SciPy) that solves the run and plots it or writes a CSV. */
export function exportScipy(run: ResolvedRun, every: number, link?: string): GeneratedFile {
  const model = run.model;
  const names = createNameTable({
    maxLength: Number.POSITIVE_INFINITY,
    caseInsensitive: false,
    reserved: PYTHON_RESERVED,
  });
  claimModelNames(model, names);
  const timeline = inputTimeline(run);
  const header = exportHeader(run, link);
  const scope = scopeFor(model, names);
  const stateNames = model.states.map((s) => names.get(`state:${s.name}`));
  const inputNames = model.inputs.map((i) => names.get(`input:${i.name}`));
  const out: string[] = [];

  const doc = [
    ...header.lines,
    "",
    "Run it:",
    "  python3 THIS.py                 solve, then plot the panels if matplotlib is installed",
    "  python3 THIS.py --csv FILE      write the trajectory (t and every state, one row per output time)",
    "                                  and plot nothing",
    "Needs numpy and scipy. The solver (LSODA, rtol 1e-10, atol 1e-14) stops at every edge of an input",
    "and at every scheduled jump, and restarts where a switch crosses (solve_ivp's terminal events).",
  ];
  const renames = renameLines(names.renames());
  if (renames.length) doc.push("", ...renames);
  out.push(
    "#!/usr/bin/env python3",
    `"""${doc.join("\n").replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"')}`,
    '"""',
    "",
  );
  out.push("import argparse", "", "import numpy as np", "from scipy.integrate import solve_ivp");
  if (out.join("\n").includes("special.") || model.helpers.some((h) => h.expr.includes("erf"))) {
    out.push("from scipy import special");
  }
  out.push("", "# Parameters: this run's values");
  for (const p of model.parameters) {
    out.push(`${names.get(`param:${p.name}`)} = ${num(run.values[p.index] as number)}  # ${p.unit}, ${p.label}`);
  }
  out.push(
    "",
    `STATE_NAMES = [${model.states.map((s) => JSON.stringify(s.name)).join(", ")}]`,
    `Y0 = np.array([${model.states.map((s) => num(s.initial)).join(", ")}], dtype=float)`,
    "# Rates are evaluated with the states inside their declared bounds, as Plasticity Lab does.",
    `LOWER = np.array([${model.states.map((s) => num(s.bounds[0] ?? Number.NEGATIVE_INFINITY)).join(", ")}])`,
    `UPPER = np.array([${model.states.map((s) => num(s.bounds[1] ?? Number.POSITIVE_INFINITY)).join(", ")}])`,
    `T_END = ${num(timeline.tEnd)}  # ${model.timeUnit}`,
    `EVERY = ${num(every)}  # output interval, ${model.timeUnit}`,
    "# Every edge of every input: the solver stops at each one, so that no pulse is stepped over.",
    `BREAKPOINTS = [${timeline.breakpoints.map(num).join(", ")}]`,
    "",
  );

  for (const h of model.helpers.filter((x) => x.args.length > 0)) {
    const local = names.fork();
    const args = h.args.map((a) => local.claim(`arg:${h.name}:${a}`, a, `argument ${a} of ${h.name}`));
    out.push(
      "",
      `def ${names.get(`helper:${h.name}`)}(${args.join(", ")}):`,
      `    """${h.label}."""`,
      `    return ${printInfix(h.node, PYTHON_DIALECT, scopeFor(model, local, h))}`,
      "",
    );
  }

  out.push("", "def inputs(t, at):");
  out.push(`    """${model.inputs.map((i) => `${i.name}: ${i.label} (${i.unit})`).join("; ")}.`);
  out.push("", "    From this run's schedule. `at`, a time inside the current stretch between breakpoints, picks");
  out.push("    the piece, so that the solver never sees the next stretch's value at this one's last instant.");
  out.push('    """');
  for (const { input, pieces } of timeline.inputs) {
    const name = names.get(`input:${input.name}`);
    out.push(`    ${name} = 0.0`);
    pieces.forEach((p, k) => {
      out.push(
        `    ${k === 0 ? "if" : "elif"} ${num(p.t0)} <= at < ${num(p.t1)}:`,
        `        ${name} = ${pieceValue(p)}`,
      );
    });
  }
  out.push(`    return ${inputNames.join(", ")}${inputNames.length === 1 ? "," : ""}`, "", "");

  const unpack = (list: string[], value: string) =>
    list.length ? [`    ${list.join(", ")}${list.length === 1 ? "," : ""} = ${value}`] : [];
  const switchNames = model.switches.map((w) => names.get(`switch:${w.name}`));
  out.push(
    "def rates(t, y, at, sw):",
    '    """The rate of every state, in the order of STATE_NAMES; `sw` holds the switches."""',
  );
  out.push(...unpack(stateNames, "np.clip(y, LOWER, UPPER)"));
  out.push(...unpack(inputNames, "inputs(t, at)"));
  out.push(...unpack(switchNames, "sw"));
  for (const h of model.helpers.filter((x) => x.args.length === 0)) {
    out.push(`    ${names.get(`helper:${h.name}`)} = ${printInfix(h.node, PYTHON_DIALECT, scope)}  # ${h.label}`);
  }
  out.push("    return [");
  for (const s of model.states) {
    out.push(`        ${printInfix(s.node, PYTHON_DIALECT, scope)},  # d${s.name}/dt: ${s.label} (${s.unit})`);
  }
  out.push("    ]", "", "");

  // Switches: held between crossings, which solve_ivp locates as terminal events; the engine reads
  // their functions over the states as they are (not clipped).
  out.push(
    "def switch_functions(t, y, at):",
    `    """${model.switches.length ? `Each switch is 1 where its function is > 0: ${model.switches.map((w) => `${w.name} (${w.label})`).join(", ")}.` : "The model has no switches."}"""`,
  );
  if (model.switches.length) {
    out.push(...unpack(stateNames, "y"), ...unpack(inputNames, "inputs(t, at)"));
    out.push(
      `    return [${model.switches.map((w) => printInfix(switchExpression(model, w.expr.node), PYTHON_DIALECT, scope)).join(", ")}]`,
    );
  } else out.push("    return []");
  out.push("", "");

  const courses = eventCourses(run, timeline.tEnd);
  out.push(
    "def apply_jump(event, y):",
    '    """Applies the jumps of one event (numbered as in scheduled_jumps) in order, then the bounds."""',
  );
  if (model.events.length) {
    out.push(...unpack(stateNames, "y"));
    model.events.forEach((ev, k) => {
      out.push(`    ${k === 0 ? "if" : "elif"} event == ${k}:  # ${ev.name}: ${ev.label}`);
      for (const a of ev.assign)
        out.push(`        ${names.get(`state:${a.state}`)} = ${printInfix(a.value.node, PYTHON_DIALECT, scope)}`);
    });
    out.push(`    return np.clip(np.array([${stateNames.join(", ")}], dtype=float), LOWER, UPPER)`);
  } else out.push("    return y");
  out.push("", "");

  out.push(
    "def scheduled_jumps():",
    '    """Every jump as (time, event): start + k * period + delay, sorted by time, then in the model\'s order."""',
    "    jumps = []",
  );
  for (const c of courses) {
    const ev = c.event;
    const p = (e: Expr | undefined) => (e ? `(${printInfix(e.node, PYTHON_DIALECT, scope)})` : "0.0");
    out.push(
      `    # ${ev.name}: ${ev.label} (${c.times.length} jumps in this run)`,
      `    for n_jump in range(int(np.floor(${printInfix(ev.count.node, PYTHON_DIALECT, scope)} + 0.5))):`,
      `        jumps.append((${p(ev.start)} + n_jump * ${p(ev.period)} + ${p(ev.delay)}, ${c.order}))`,
    );
  }
  out.push("    return sorted(jumps)", "", "");

  out.push(
    "def crossing(j, held):",
    '    """Switch j\'s function as a terminal event, in the direction that leaves the side it holds."""',
    "",
    "    def g(t, y, at, sw):",
    "        return switch_functions(t, y, at)[j]",
    "",
    "    g.terminal = True",
    "    g.direction = -1.0 if held else 1.0",
    "    return g",
    "",
    "",
    "def run_stretch(t0, t1, y, at, pending, rows):",
    '    """Solves from t0 to t1, restarting at every switch crossing; appends a row per pending output time."""',
    "    sw = [1.0 if g > 0 else 0.0 for g in switch_functions(t0, y, at)]",
    "    t = t0",
    "    for _ in range(1_000_000):",
    "        t_eval = pending if pending and pending[-1] == t1 else pending + [t1]",
    "        events = [crossing(j, held) for j, held in enumerate(sw)]",
    "        sol = solve_ivp(",
    "            rates,",
    "            (t, t1),",
    "            y,",
    '            method="LSODA",',
    "            t_eval=t_eval,",
    "            args=(at, sw),",
    "            events=events or None,",
    "            rtol=1e-10,",
    "            atol=1e-14,",
    "        )",
    "        if not sol.success:",
    '            raise RuntimeError(f"the solver stopped between {t} and {t1}: {sol.message}")',
    "        delivered = min(len(sol.t), len(pending))",
    "        if delivered:",
    "            rows.extend(np.asarray(sol.y).T[:delivered])",
    "        pending = pending[delivered:]",
    "        if sol.status != 1:",
    "            return sol.y[:, -1]",
    "        # A switch crossed: restart where it did, with the switch on its new side.",
    "        hit = [j for j in range(len(sw)) if len(sol.t_events[j])]",
    "        t = float(sol.t_events[hit[0]][0])",
    "        y = np.array(sol.y_events[hit[0]][0], dtype=float)",
    "        for j in hit:",
    "            if abs(sol.t_events[j][0] - t) <= 1e-12 * max(1.0, abs(t)):",
    "                sw[j] = 1.0 - sw[j]",
    '    raise RuntimeError(f"too many switch crossings between {t0} and {t1}")',
    "",
    "",
    "def solve(every=EVERY):",
    '    """Solves stretch by stretch between breakpoints and jumps; returns the output times and the states."""',
    "    n = int(np.floor(T_END / every + 1e-9))",
    "    times = np.arange(n + 1) * every",
    "    if T_END - times[-1] > 1e-9 * max(1.0, T_END):",
    "        times = np.append(times, T_END)",
    "    else:",
    "        times[-1] = T_END",
    "    jumps = scheduled_jumps()",
    "    stops = sorted(set(BREAKPOINTS) | {tj for tj, _ in jumps if 0 < tj < T_END})",
    "    y = Y0.copy()",
    "    rows = []",
    "    stretches = list(zip(stops[:-1], stops[1:]))",
    "    for k, (t0, t1) in enumerate(stretches):",
    "        for tj, event in jumps:",
    "            if tj == t0:",
    "                y = apply_jump(event, y)",
    "        last = k == len(stretches) - 1",
    "        inside = times[(times >= t0) & ((times < t1) | (last & (times <= t1)))]",
    "        y = run_stretch(t0, t1, y, 0.5 * (t0 + t1), [float(x) for x in inside], rows)",
    "    return times, np.array(rows)",
    "",
    "",
    "def plot(times, states):",
    '    """One panel for the inputs, then one per state, on a shared time axis."""',
    "    import matplotlib.pyplot as plt",
    "",
    "    fig, axes = plt.subplots(len(STATE_NAMES) + 1, 1, sharex=True, figsize=(8, 2 * len(STATE_NAMES) + 2))",
    "    at = [0.5 * (a + b) for a, b in zip(BREAKPOINTS[:-1], BREAKPOINTS[1:])]",
    '    stretch = np.clip(np.searchsorted(BREAKPOINTS, times, side="right") - 1, 0, len(at) - 1)',
    "    values = np.array([inputs(t, at[k]) for t, k in zip(times, stretch)])",
    `    for j, name in enumerate([${model.inputs.map((i) => JSON.stringify(i.name)).join(", ")}]):`,
    "        axes[0].plot(times, values[:, j], label=name)",
    '    axes[0].legend(loc="upper right")',
    "    for j, name in enumerate(STATE_NAMES):",
    "        axes[j + 1].plot(times, states[:, j])",
    "        axes[j + 1].set_ylabel(name)",
    `    axes[-1].set_xlabel("t (${model.timeUnit})")`,
    `    fig.suptitle(${JSON.stringify(`${model.title} (${model.label})`)})`,
    "    plt.show()",
    "",
    "",
    "def main():",
    `    parser = argparse.ArgumentParser(description=${JSON.stringify(`${model.title}: ${model.label}`)})`,
    '    parser.add_argument("--csv", metavar="FILE", help="write t and every state to FILE and plot nothing")',
    '    parser.add_argument("--every", type=float, default=EVERY, help="output interval")',
    "    args = parser.parse_args()",
    "    times, states = solve(args.every)",
    "    if args.csv:",
    '        with open(args.csv, "w") as f:',
    '            f.write(",".join(["t"] + STATE_NAMES) + "\\n")',
    "            for t, row in zip(times, states):",
    '                f.write(",".join(f"{v:.12g}" for v in (t, *row)) + "\\n")',
    "        return",
    "    for name, value in zip(STATE_NAMES, states[-1]):",
    `        print(f"{name} at {T_END:g} ${model.timeUnit}: {value:.6g}")`,
    "    try:",
    "        plot(times, states)",
    "    except ImportError:",
    '        print("matplotlib is not installed: no plot (use --csv FILE for the numbers)")',
    "",
    "",
    'if __name__ == "__main__":',
    "    main()",
  );
  // Python expresses everything the model says: the bounds are kept by np.clip, jumps are applied
  // between stretches, and switches are held between the crossings solve_ivp's events locate.
  const notes: string[] = [];
  return { text: `${out.join("\n")}\n`, notes };
}
