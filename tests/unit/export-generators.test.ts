import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "mathjs";
import { describe, expect, it } from "vitest";
import { exportCommand } from "../../src/cli/commands/export.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { createNameTable } from "../../src/engine/exports/export-names.ts";
import { printInfix } from "../../src/engine/exports/infix.ts";
import { inputTimeline } from "../../src/engine/exports/input-pieces.ts";
import { MATHML_FUNCTIONS, toMathml } from "../../src/engine/exports/sbml.ts";
import { PYTHON_DIALECT } from "../../src/engine/exports/scipy.ts";
import { XPP_DIALECT } from "../../src/engine/exports/xpp.ts";
import { ALLOWED_FUNCTIONS, exportModel, loadModel, resolveRun } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const NAMES = "tests/fixtures/exports/names-and-log.yaml";
const names = loadModel(readFileSync(NAMES, "utf8"), NAMES);
const model = defaultModel();

describe("model exports, as text", () => {
  it("each target gives a file name, a MIME type and notes on what it could not express", () => {
    const run = resolveRun(model, { preset: "moderate-ne", params: { u: 0.42 } });
    expect(exportModel(model, run, "sbml")).toMatchObject({
      filename: "ne-calcium-plasticity-moderate-ne.xml",
      mime: "application/sbml+xml",
    });
    expect(exportModel(model, run, "xpp").filename).toBe("ne_calcium_plasticity_moderate_ne.ode");
    expect(exportModel(model, run, "scipy").filename).toBe("ne_calcium_plasticity_moderate_ne.py");
    for (const target of ["sbml", "xpp", "scipy"] as const) {
      const e = exportModel(model, run, target);
      expect(e.notes.length).toBeGreaterThan(0);
      // The label, the model version and the share link travel with every file.
      expect(e.text).toContain("ne-calcium-plasticity, version 1.0.0");
      expect(e.text).toContain("?preset=moderate-ne&amp;u=0.42".replace("&amp;", target === "sbml" ? "&amp;" : "&"));
      expect(e.text).toContain(target === "xpp" ? "Illustrative model - not physiological" : model.label);
    }
  });

  it("XPPAUT names are at most 10 characters and unique with case ignored; every rename is in the table", () => {
    const text = exportModel(names, {}, "xpp").text;
    const declared = [
      ...text.matchAll(/^par ([^=]+)=/gm),
      ...text.matchAll(/^([A-Za-z][A-Za-z0-9_]*)' =/gm),
      ...text.matchAll(/^([A-Za-z][A-Za-z0-9_]*)(?:\([^)]*\))? = /gm),
    ].map((m) => m[1] as string);
    expect(declared.length).toBe(
      names.parameters.length + names.states.length + names.inputs.length + names.helpers.length,
    );
    for (const n of declared) expect(n.length).toBeLessThanOrEqual(10);
    expect(new Set(declared.map((n) => n.toLowerCase())).size).toBe(declared.length);
    expect(text).toMatch(/# {3}calciumConcentrationSlow -> calciumC_2 +state calciumConcentrationSlow: longer than 10/);
    expect(text).toMatch(/# {3}ca +-> ca_2 +parameter ca: "ca" is already the state Ca \(names ignore case there\)/);
    expect(text).toMatch(/# {3}heav +-> heav_2 +parameter heav: "heav" is reserved in the target/);
  });

  it("Python renames its keyword, keeps the model's names in the CSV header", () => {
    const text = exportModel(names, {}, "scipy").text;
    expect(text).toMatch(/lambda -> lambda_2 +state lambda: "lambda" is reserved/);
    expect(text).toContain('STATE_NAMES = ["calciumConcentration", "calciumConcentrationSlow", "Ca", "lambda"]');
  });

  it("the shared sanitiser folds case and truncates only where the rules say", () => {
    const t = createNameTable({ maxLength: 4, caseInsensitive: true, reserved: ["ln"] });
    expect([t.claim("a", "Abcdef", "x"), t.claim("b", "abcdXY", "y"), t.claim("c", "LN", "z")]).toEqual([
      "Abcd",
      "ab_2",
      "LN_2",
    ]);
    const s = createNameTable({ maxLength: Number.POSITIVE_INFINITY, caseInsensitive: false, reserved: [] });
    expect([s.claim("a", "Ca", "x"), s.claim("b", "ca", "y")]).toEqual(["Ca", "ca"]);
  });

  it("mathjs log is the natural log in every target: ln in XPPAUT and MathML, np.log in Python", () => {
    expect(exportModel(names, {}, "xpp").text).toContain("logGain = ln(1 + max(calciumCon,0) / Kd) + log10(");
    expect(exportModel(names, {}, "scipy").text).toContain(
      "logGain = np.log(1 + calciumConcentration / Kd) + np.log10(",
    );
    const sbml = exportModel(names, {}, "sbml").text;
    expect(sbml).toMatch(/<assignmentRule variable="logGain">.*<apply><ln\/>.*<apply><log\/>/);
  });

  it("a ramp input is a rising piece of time, at the run's numbers", () => {
    const run = resolveRun(names, { preset: "ramp" });
    const [drive] = inputTimeline(run).inputs;
    expect(drive?.pieces).toEqual([{ t0: 10, t1: 70, v0: 0, slope: 2 / 60 }]);
    expect(exportModel(names, run, "xpp").text).toContain(`drive = (heav(t-10)-heav(t-70))*(0+${2 / 60}*(t-10))`);
    expect(exportModel(names, run, "scipy").text).toContain(`drive = 0 + ${2 / 60} * (t - 10)`);
  });

  it("an SBML function takes every parameter it reads, also through the helpers it calls", () => {
    const sbml = exportModel(names, {}, "sbml").text;
    expect(sbml).toMatch(
      /<functionDefinition id="hill2"[^>]*>\s*<math[^>]*><lambda><bvar><ci> x <\/ci><\/bvar><bvar><ci> Kd <\/ci><\/bvar><bvar><ci> heav <\/ci><\/bvar>/,
    );
    expect(sbml).toContain("<apply><ci> satur </ci><ci> x </ci><ci> Kd </ci></apply>");
  });

  it("every function a model may call has a form in every target's map (MathML: all but erf, which it lacks)", () => {
    expect(Object.keys(ALLOWED_FUNCTIONS)).toEqual(expect.arrayContaining(["erf", "step"]));
    for (const fn of Object.keys(ALLOWED_FUNCTIONS)) {
      expect(XPP_DIALECT.functions[fn], `XPPAUT ${fn}`).toBeDefined();
      expect(PYTHON_DIALECT.functions[fn], `Python ${fn}`).toBeDefined();
      // MathML has no error function: SBML refuses it by name instead (derived readouts, where models
      // use erf, are not part of an export).
      if (fn === "erf") expect(MATHML_FUNCTIONS[fn]).toBeUndefined();
      else expect(MATHML_FUNCTIONS[fn], `MathML ${fn}`).toBeDefined();
    }
    expect(() => toMathml(parse("erf(x)"), { value: (n) => `<ci> ${n} </ci>`, call: () => undefined })).toThrow(
      'function "erf" cannot be written in SBML',
    );
    expect(printInfix(parse("erf(x)"), XPP_DIALECT, { value: (n) => n, call: () => undefined })).toBe("erf(x)");
    expect(printInfix(parse("erf(x)"), PYTHON_DIALECT, { value: (n) => n, call: () => undefined })).toBe(
      "special.erf(x)",
    );
  });

  it("SBML refuses a model whose rate or helper calls erf, naming the expression; an erf in a derived readout is not exported", () => {
    const withErf = loadModel(readFileSync(NAMES, "utf8").replace(/^(\s+)expr: (.*)$/m, "$1expr: erf($2)"), NAMES);
    const erfHelper = withErf.helpers.find((h) => h.expr.startsWith("erf("));
    expect(erfHelper).toBeDefined();
    expect(() => exportModel(withErf, {}, "sbml")).toThrow(
      new RegExp(`helper "${erfHelper?.name}" calls erf\\(\\), which MathML has no form for`),
    );
    expect(exportModel(withErf, {}, "xpp").text).toContain("erf(");
    // A derived readout is computed after the run, never exported: its erf does not stop the export.
    const readout = 'readouts:\n  half:\n    label: Half\n    unit: "–"\n    expr: erf(0.5)\n';
    const withReadout = loadModel(`${readFileSync(NAMES, "utf8")}\n${readout}`, NAMES);
    expect(withReadout.derivedReadouts.map((r) => r.name)).toEqual(["half"]);
    expect(exportModel(withReadout, {}, "sbml").text).not.toContain("erf");
  });

  it("the maps already write step and comparisons, for the coming events and switches", () => {
    const node = parse("step(x - 1) + (x > y)");
    const scope = { value: (n: string) => n, call: () => undefined };
    expect(printInfix(node, XPP_DIALECT, scope)).toBe("heav(x - 1) + (x>y)");
    expect(printInfix(node, PYTHON_DIALECT, scope)).toBe("np.heaviside(x - 1, 0.0) + float(x > y)");
    expect(toMathml(parse("x > y"), { value: (n) => `<ci> ${n} </ci>`, call: () => undefined })).toContain(
      "<apply><gt/><ci> x </ci><ci> y </ci></apply>",
    );
  });

  it("brackets only where precedence needs them", () => {
    const scope = { value: (n: string) => n, call: () => undefined };
    const print = (e: string) => printInfix(parse(e), PYTHON_DIALECT, scope);
    expect(print("a - (b - c)")).toBe("a - (b - c)");
    expect(print("(a - b) - c")).toBe("a - b - c");
    expect(print("a / (b * c)")).toBe("a / (b * c)");
    expect(print("-x^2")).toBe("-(x**2)");
    expect(print("(-x)^2")).toBe("(-x)**2");
    expect(print("2^-x")).toBe("2**(-x)");
    // Python and mathjs agree on the value of each printed form.
    const r = spawnSync("python3", ["-c", "x=3; a=5; b=2; c=7; print(a - (b - c), -(x**2), (-x)**2, 2**(-x))"], {
      encoding: "utf8",
    });
    if (r.status === 0) expect(r.stdout.trim()).toBe("10 -9 9 0.125");
  });
});

const SEQUENTIAL = "tests/fixtures/exports/sequential-jumps.yaml";

describe("events and switches, as text", () => {
  const seq = loadModel(readFileSync(SEQUENTIAL, "utf8"), SEQUENTIAL);

  it("SBML writes an event's in-order lines as simultaneous assignments, bounds applied, with a counter", () => {
    const text = exportModel(seq, {}, "sbml").text;
    const event = text.slice(text.indexOf('<event id="kick"'), text.indexOf("</event>") + 8);
    expect(event).toContain('useValuesFromTriggerTime="false"');
    expect(event).toContain('<trigger initialValue="false" persistent="true">');
    expect(event).not.toContain("<delay>");
    // y = 2·x reads the x after the jump: 2·(x + 0.5); x is clipped to its bounds [0, 1].
    expect(event).toMatch(
      /<eventAssignment variable="y">.*<times\/><cn sbml:units="dimensionless"> 2 <\/cn><apply><plus\/><ci> x <\/ci>/,
    );
    expect(event).toMatch(/<eventAssignment variable="x">.*<min\/><apply><max\/>/);
    expect(event).toMatch(/<eventAssignment variable="n_kick">/);
    expect(text).toContain('<initialAssignment symbol="above">');
    expect(text).toContain('<event id="above_on"');
    expect(text).toContain('<event id="above_off"');
  });

  it("XPPAUT folds a jump at t = 0 into the initial values and holds switches with two global flags", () => {
    const text = exportModel(seq, {}, "xpp").text;
    // The engine's jump at 0: x = 0.25 + 0.5, y = 2·0.75; then x + y − 2 > 0, so the switch starts at 1.
    expect(text).toMatch(/^init x=0\.75$/m);
    expect(text).toMatch(/^init y=1\.5$/m);
    expect(text).toMatch(/^init n_kick=1$/m);
    expect(text).toMatch(/^init above=1$/m);
    expect(text).toMatch(/^global 1 x\+y-2 \{above=1\}$/m);
    expect(text).toMatch(/^global -1 x\+y-2 \{above=0\}$/m);
    expect(text).toMatch(/^global 1 .*\{x=x \+ 0\.5;y=2 \* x;x=min\(max\(x,0\),1\);n_kick=n_kick\+1\}$/m);
    expect(text).toMatch(/^@ meth=rungekutta, /m);
  });

  it("XPPAUT's limit of 20 assignments in one flag is stated in the file and in the notes", () => {
    // Ten bounded states set by one event: 10 lines, 10 bounds and the counter make 21.
    const states = Array.from(
      { length: 10 },
      (_, k) => `  z${k}: { label: Z${k}, unit: "–", initial: 0, bounds: [0, 1], rate: "0", description: A level. }\n`,
    ).join("");
    const lines = Array.from({ length: 10 }, (_, k) => `      z${k}: z${k} + 0.1\n`).join("");
    const many = readFileSync(SEQUENTIAL, "utf8")
      .replace("states:\n", `states:\n${states}`)
      .replace("      y: 2 * x\n", `      y: 2 * x\n${lines}`);
    const e = exportModel(loadModel(many, "many.yaml"), {}, "xpp");
    expect(e.notes.some((n) => n.startsWith("An event needs 24 assignments in one flag"))).toBe(true);
    expect(e.text).toContain("# CANNOT RUN IN XPPAUT: An event needs 24 assignments in one flag");
    expect(exportModel(seq, {}, "xpp").text).not.toContain("CANNOT RUN");
  });

  it("Python applies the jumps in order between stretches and restarts at switch crossings", () => {
    const text = exportModel(seq, {}, "scipy").text;
    // y is a name the script uses itself, so the state is y_2 there.
    expect(text).toMatch(/ {4}if event == 0: {2}# kick: Kick\n {8}x = x \+ 0\.5\n {8}y_2 = 2 \* x\n/);
    expect(text).toContain("g.terminal = True");
    expect(text).toContain("return [x + y_2 - 2]");
  });
});

describe("command line export", () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("export --to xpp --preset moderate-ne --set u=0.42 writes the .ode file to standard output", () => {
    const r = cli("export", "--to", "xpp", "--preset", "moderate-ne", "--set", "u=0.42");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      exportModel(model, resolveRun(model, { preset: "moderate-ne", params: { u: 0.42 } }), "xpp").text,
    );
    expect(r.err).toMatch(/^note: /m);
  }, 180_000);

  it("refuses an unknown or missing format with the list of formats", () => {
    expect(() => exportCommand(["--to", "matlab"])).toThrow(
      new UsageError('--to: "matlab" is not one of sbml, xpp, scipy'),
    );
    expect(() => exportCommand([])).toThrow(new UsageError("export: --to is required (one of sbml, xpp, scipy)"));
  });
});
