import "../host-policy.ts";
import type { MathNode } from "mathjs";
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { ZodError } from "zod";
import {
  ALLOWED_FUNCTIONS,
  callsOf,
  ExpressionError,
  evaluateConstant,
  parseExpression,
  symbolsOf,
} from "../compile/expression.ts";
import { isActivityMode, isProtocolKind } from "../run/protocol-kinds.ts";
import { scheduleJumps } from "../solve/events.ts";
import { buildDisplay } from "./display.ts";
import {
  buildDerivedReadouts,
  buildEvents,
  buildSwitches,
  type ExpressionCheck,
  type NameKind,
} from "./load-discrete.ts";
import type {
  DerivedReadout,
  Helper,
  Input,
  Model,
  ModelEvent,
  Parameter,
  ParamRef,
  PopulationDef,
  Preset,
  Readout,
  State,
} from "./model.ts";
import { ModelError, type ModelIssue } from "./model-error.ts";
import { type ModelFile, modelSchemas, type ParameterDef } from "./model-schema.ts";
import { checkUnits } from "./unit-check.ts";
import { type Path, type WithinValue, yamlLocator } from "./yaml-locator.ts";

/** How the loader reports one problem: the field's path, and where in its value when that is known. */
type IssueAt = (path: Path, message: string, within?: WithinValue) => ModelIssue;
type Fail = (path: Path, message: string, within?: WithinValue) => void;

/**
 * Reads a model file's text and returns a validated model, or throws a ModelError listing every
 * problem, each with its file, line and field.
 */
export function loadModel(text: string, file: string): Model {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: ModelIssue[] = [];
  for (const err of doc.errors) {
    const line = lineCounter.linePos(err.pos[0]).line;
    issues.push({
      file,
      line,
      path: "",
      message: `YAML syntax: ${err.message.split("\n")[0]}`,
      range: [err.pos[0], Math.max(err.pos[1], err.pos[0] + 1)],
    });
  }
  if (issues.length) throw new ModelError(issues);

  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
      if (node && typeof node === "object" && "range" in node && node.range) {
        return lineCounter.linePos(node.range[0]).line;
      }
      // A missing key's nearest ancestor is the best place to point at.
      if (n > 0 && isMap(doc.getIn(path.slice(0, n - 1), true))) {
        const parent = doc.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find(
            (it) => String((it.key as { value?: unknown })?.value) === String(path[n - 1]),
          );
          const key = pair?.key as YamlNode | undefined;
          if (key?.range) return lineCounter.linePos(key.range[0]).line;
        }
      }
      if (n > 0 && isSeq(doc.getIn(path.slice(0, n - 1), true))) continue;
    }
    return undefined;
  };
  const locate = yamlLocator(doc, text);
  const issue: IssueAt = (path, message, within) => ({
    file,
    line: lineOf(path),
    path: path.join("."),
    message,
    range: within?.key !== undefined ? locate([...path, within.key], undefined, true) : locate(path, within),
  });

  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || raw === undefined)
    throw new ModelError([{ file, line: 1, path: "", message: "the file is empty" }]);
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ModelError([
      { file, line: 1, path: "", message: "a model file must be a mapping of fields (id, version, states, …)" },
    ]);
  }
  const parsed = modelSchemas().modelFileSchema.safeParse(raw);
  if (!parsed.success) throw new ModelError(zodIssues(parsed.error, issue, (path) => doc.hasIn(path)));
  return buildModel(parsed.data, file, issue);
}

function zodIssues(error: ZodError, issue: IssueAt, present: (path: Path) => boolean): ModelIssue[] {
  return error.issues.map((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
    if (i.code === "unrecognized_keys") {
      return issue(path, `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")}`, {
        key: i.keys[0],
      });
    }
    // zod leaves out the input it got, so whether the field is there at all is read from the document.
    if (i.code === "invalid_type" && !present(path)) return issue(path, "is required");
    return issue(path, i.message);
  });
}

function buildModel(src: ModelFile, file: string, issue: IssueAt): Model {
  const issues: ModelIssue[] = [];
  const fail: Fail = (path, message, within) => {
    issues.push(issue(path, message, within));
  };

  const constant = (path: Path, value: string | number): number => {
    try {
      const v = evaluateConstant(value);
      if (!Number.isFinite(v)) {
        fail(path, `${JSON.stringify(value)} is not a finite number`);
        return Number.NaN;
      }
      return v;
    } catch (err) {
      fail(path, (err as Error).message);
      return Number.NaN;
    }
  };

  const parameters: Parameter[] = Object.entries(src.parameters).map(([name, def], index) =>
    buildParameter(name, index, def, constant, fail),
  );
  const paramNames = new Set(parameters.map((p) => p.name));

  const helperNames = new Set(Object.keys(src.helpers));
  const switchNames = new Set(Object.keys(src.switches));
  const states: State[] = [];
  let stateIndex = 0;
  for (const [name, def] of Object.entries(src.states)) {
    const node = parse(["states", name, "rate"], def.rate, fail, helperNames);
    const lo = def.bounds?.[0] ?? null;
    const hi = def.bounds?.[1] ?? null;
    if (lo !== null && hi !== null && lo > hi)
      fail(["states", name, "bounds"], `lower bound ${lo} is above upper bound ${hi}`);
    states.push({
      name,
      index: stateIndex++,
      label: def.label,
      unit: def.unit,
      initial: constant(["states", name, "initial"], def.initial),
      rate: def.rate,
      node: node ?? parseExpression("0"),
      bounds: [lo, hi],
      description: def.description,
    });
  }

  const helperList: Helper[] = Object.entries(src.helpers).map(([name, def]) => ({
    name,
    label: def.label,
    args: def.args ?? [],
    expr: def.expr,
    node: parse(["helpers", name, "expr"], def.expr, fail, helperNames) ?? parseExpression("0"),
    unit: def.unit ?? "–",
    unitGiven: def.unit !== undefined,
    description: def.description ?? "",
  }));

  const inputs: Input[] = [];
  const paramRef = (path: Path, ref: string | number): ParamRef => {
    if (typeof ref === "number") return { value: ref };
    if (!paramNames.has(ref)) fail(path, `unknown parameter "${ref}"`);
    return { param: ref };
  };
  let inputIndex = 0;
  for (const [name, def] of Object.entries(src.inputs)) {
    const at = (...rest: string[]) => ["inputs", name, ...rest];
    if (def.kind === "protocol") {
      if (!paramNames.has(def.amplitude)) fail(at("amplitude"), `unknown parameter "${def.amplitude}"`);
      inputs.push({
        kind: "protocol",
        name,
        index: inputIndex++,
        label: def.label,
        unit: def.unit,
        description: def.description,
        amplitude: def.amplitude,
        start: paramRef(at("start"), def.start),
        duration: paramRef(at("duration"), def.duration),
        pulseWidth: paramRef(at("pulseWidth"), def.pulseWidth),
        train: {
          count: paramRef(at("train", "count"), def.train.count),
          width: paramRef(at("train", "width"), def.train.width),
          period: paramRef(at("train", "period"), def.train.period),
        },
      });
    } else {
      inputs.push({
        kind: "activity",
        name,
        index: inputIndex++,
        label: def.label,
        unit: def.unit,
        description: def.description,
        pairedWith: def.pairedWith,
        extra: paramRef(at("extra"), def.extra),
      });
    }
  }
  for (const input of inputs) {
    if (input.kind === "activity") {
      const partner = inputs.find((i) => i.name === input.pairedWith);
      if (partner?.kind !== "protocol") {
        fail(["inputs", input.name, "pairedWith"], `"${input.pairedWith}" is not a protocol input of this model`);
      }
    }
  }

  checkNames(src, inputs, fail);
  if (!paramNames.has(src.time.end)) fail(["time", "end"], `unknown parameter "${src.time.end}"`);

  const helpers = orderHelpers(helperList, fail);
  const stateNames = new Set(states.map((s) => s.name));
  const inputNames = new Set(inputs.map((i) => i.name));
  const helperByName = new Map(helperList.map((h) => [h.name, h]));
  const readoutNames = new Set(Object.keys(src.readouts));
  const kindOf = (sym: string): NameKind | undefined => {
    if (stateNames.has(sym)) return "state";
    if (inputNames.has(sym)) return "input";
    if (helperByName.has(sym)) return "helper";
    if (switchNames.has(sym)) return "switch";
    if (paramNames.has(sym)) return "parameter";
    if (readoutNames.has(sym)) return "readout";
    return undefined;
  };
  const RATE_SCOPE: ReadonlySet<NameKind> = new Set(["state", "input", "helper", "switch", "parameter"]);
  const checkExpression = (
    path: Path,
    node: MathNode,
    locals: string[] = [],
    allowed: ReadonlySet<NameKind> = RATE_SCOPE,
  ) => {
    for (const sym of symbolsOf(node)) {
      const h = helperByName.get(sym);
      if (h && h.args.length > 0) {
        fail(path, `helper "${sym}" takes ${h.args.length} argument(s) and must be called, as ${sym}(…)`, {
          symbol: sym,
        });
        continue;
      }
      if (locals.includes(sym) || sym === "pi" || sym === "e") continue;
      const kind = kindOf(sym);
      if (!kind) fail(path, `unknown symbol "${sym}"`, { symbol: sym });
      else if (!allowed.has(kind)) {
        fail(path, `"${sym}" is a ${kind}; here only ${[...allowed].map((k) => `${k}s`).join(", ")} may be used`, {
          symbol: sym,
        });
      }
    }
    for (const fn of callsOf(node)) {
      const h = helperByName.get(fn);
      if (h) {
        if (h.args.length === 0)
          fail(path, `helper "${fn}" takes no arguments; use it as ${fn}, not ${fn}(…)`, { symbol: fn });
        else if (!allowed.has("helper")) fail(path, `helper "${fn}" cannot be used here`, { symbol: fn });
        continue;
      }
      if (!Object.hasOwn(ALLOWED_FUNCTIONS, fn)) {
        fail(path, `function "${fn}" is not allowed (allowed: ${Object.keys(ALLOWED_FUNCTIONS).join(", ")})`, {
          symbol: fn,
        });
      }
    }
  };
  for (const s of states) checkExpression(["states", s.name, "rate"], s.node);
  for (const h of helperList) checkExpression(["helpers", h.name, "expr"], h.node, h.args);
  const check: ExpressionCheck = (path, node, allowed) => checkExpression(path, node, [], allowed);
  const stateIxByName = new Map(states.map((s) => [s.name, s.index]));
  const events = buildEvents(src, stateIxByName, check, fail);
  const switches = buildSwitches(src, helpers, stateNames, check, fail);
  const derivedReadouts = buildDerivedReadouts(src, helpers, check, fail);

  const readout = buildReadout(src, stateNames, readoutNames, paramRef, fail);
  const presets = buildPresets(src, parameters, constant, fail);
  src.claims.forEach((claim, k) => {
    if (claim.preset !== undefined && !presets.some((p) => p.id === claim.preset)) {
      fail(["claims", k, "preset"], `unknown preset "${claim.preset}"`);
    }
    const check = claim.check;
    if (check.kind === "raises" || check.kind === "monotone") {
      const p = parameters.find((q) => q.name === check.vary);
      if (!p) fail(["claims", k, "check", "vary"], `unknown parameter "${check.vary}"`);
      else if (!p.range) fail(["claims", k, "check", "vary"], `"${check.vary}" is fixed and cannot be varied`);
      else if (check.kind === "raises") {
        const from = constant(["claims", k, "check", "from"], check.from);
        if (from < p.range[0] || from > p.range[1]) {
          fail(
            ["claims", k, "check", "from"],
            `${from} is outside the range of ${p.name}, ${p.range[0]} to ${p.range[1]}`,
          );
        }
      }
    }
  });
  const population = buildPopulation(src, parameters, presets, fail);
  const readoutIds = new Set(readoutIdsOf(states, derivedReadouts, readout.bands !== undefined));
  src.claims.forEach((claim, k) => {
    const c = claim.check;
    if ((c.kind === "raises" || c.kind === "monotone") && !readoutIds.has(c.readout)) {
      fail(
        ["claims", k, "check", "readout"],
        `unknown readout "${c.readout}" (readouts: ${[...readoutIds].join(", ")})`,
      );
    }
  });
  // Event times depend on parameters: check them where the file fixes the values, at the defaults and each preset.
  if (!issues.length) checkEventTimes(events, parameters, presets, src.time.end, src.time.unit, fail);
  const display = buildDisplay(
    src.display,
    { timeUnit: src.time.unit, states, inputs, helpers: helperList, parameters, derivedReadouts },
    fail,
  );

  // In file order, so that a reader can work down the file.
  if (issues.length) throw new ModelError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  const model: Model = {
    id: src.id,
    version: src.version,
    title: src.title,
    label: src.label,
    summary: src.summary,
    about: src.about,
    references: src.references,
    file,
    timeUnit: src.time.unit,
    endParam: src.time.end,
    inputs,
    states,
    helpers,
    parameters,
    readout,
    events,
    switches,
    derivedReadouts,
    presets,
    claims: src.claims,
    ...(population ? { population } : {}),
    display,
  };
  // Units are checked last, on a model whose every name and expression is already known to be sound.
  for (const u of checkUnits(model)) fail(u.path, u.message);
  if (issues.length) throw new ModelError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return model;
}

function parse(path: Path, text: string, fail: Fail, helpers: ReadonlySet<string>): MathNode | undefined {
  try {
    return parseExpression(text, (name) => helpers.has(name));
  } catch (err) {
    if (err instanceof ExpressionError) fail(path, err.message, { symbol: err.symbol, offset: err.offset });
    else fail(path, String(err));
    return undefined;
  }
}

function buildParameter(
  name: string,
  index: number,
  def: ParameterDef,
  constant: (path: Path, value: string | number) => number,
  fail: (path: Path, message: string) => void,
): Parameter {
  const at = (...rest: string[]) => ["parameters", name, ...rest];
  const value = constant(at("default"), def.default);
  let range: [number, number] | undefined;
  if (def.range) {
    const lo = constant([...at("range"), 0], def.range[0]);
    const hi = constant([...at("range"), 1], def.range[1]);
    range = [lo, hi];
    if (lo > hi) fail(at("range"), `min ${lo} is above max ${hi}`);
    else if (value < lo || value > hi) fail(at("default"), `default ${value} is outside the range ${lo} to ${hi}`);
    if (def.scale === "log" && lo <= 0) fail(at("range"), `a log-scaled parameter needs a positive minimum, not ${lo}`);
  } else if (!def.fixed) {
    fail(at("range"), "is required unless the parameter is fixed");
  }
  return {
    name,
    index,
    label: def.label,
    symbol: def.symbol ?? name,
    unit: def.unit,
    default: value,
    range,
    scale: def.scale,
    step: def.step,
    fixed: def.fixed,
    group: def.group,
    description: def.description,
  };
}

function checkNames(src: ModelFile, inputs: Input[], fail: (path: Path, message: string) => void): void {
  const seen = new Map<string, string>();
  const claim = (name: string, where: string, path: Path) => {
    const before = seen.get(name);
    if (before)
      fail(
        path,
        `"${name}" is already a ${before}; names must be unique across states, inputs, helpers, switches, readouts and parameters`,
      );
    else seen.set(name, where);
  };
  for (const name of Object.keys(src.states)) claim(name, "state", ["states", name]);
  for (const name of Object.keys(src.helpers)) claim(name, "helper", ["helpers", name]);
  for (const name of Object.keys(src.switches)) claim(name, "switch", ["switches", name]);
  for (const name of Object.keys(src.readouts)) claim(name, "readout", ["readouts", name]);
  // An input may share its name with the parameter that sets its amplitude (u(t) and the level u).
  const amplitudes = new Set(inputs.flatMap((i) => (i.kind === "protocol" ? [i.amplitude] : [])));
  for (const input of inputs) {
    if (input.kind === "protocol" && input.amplitude === input.name) seen.delete(input.name);
    claim(input.name, "input", ["inputs", input.name]);
  }
  for (const name of Object.keys(src.parameters)) {
    if (amplitudes.has(name) && inputs.some((i) => i.name === name && seen.get(name) === "input")) continue;
    claim(name, "parameter", ["parameters", name]);
  }
  const reserved = new Set([...Object.keys(ALLOWED_FUNCTIONS), "pi", "e", "t", "outcome", "timeInLtd", "timeInLtp"]);
  for (const [name, where] of seen) {
    const block = where === "switch" ? "switches" : `${where}s`;
    if (reserved.has(name)) fail([block, name], `"${name}" is reserved (a function, constant, time or readout)`);
  }
}

function orderHelpers(helpers: Helper[], fail: Fail): Helper[] {
  const byName = new Map(helpers.map((h) => [h.name, h]));
  const deps = (h: Helper) =>
    [...symbolsOf(h.node), ...callsOf(h.node)].filter((n) => byName.has(n) && !h.args.includes(n));
  const ordered: Helper[] = [];
  const mark = new Map<string, "visiting" | "done">();
  const visit = (h: Helper, trail: string[]): boolean => {
    const m = mark.get(h.name);
    if (m === "done") return true;
    if (m === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(h.name)), h.name];
      fail(["helpers", cycle[0] as string, "expr"], `helpers form a cycle: ${cycle.join(" → ")}`, {
        symbol: cycle[1],
      });
      return false;
    }
    mark.set(h.name, "visiting");
    for (const d of deps(h)) {
      if (!visit(byName.get(d) as Helper, [...trail, h.name])) return false;
    }
    mark.set(h.name, "done");
    ordered.push(h);
    return true;
  };
  for (const h of helpers) if (!visit(h, [])) return helpers;
  return ordered;
}

function buildReadout(
  src: ModelFile,
  stateNames: Set<string>,
  readoutNames: Set<string>,
  paramRef: (path: Path, ref: string | number) => ParamRef,
  fail: (path: Path, message: string) => void,
): Readout {
  const r = src.readout;
  const state = (path: Path, name: string) => {
    if (!stateNames.has(name)) fail(path, `unknown state "${name}"`);
    return name;
  };
  const band = (key: "ltd" | "ltp"): [ParamRef, ParamRef | null] => {
    const [lo, hi] = r.bands?.[key] ?? [0, null];
    return [
      paramRef(["readout", "bands", key, 0], lo),
      hi === null ? null : paramRef(["readout", "bands", key, 1], hi),
    ];
  };
  if (r.weight !== undefined && !stateNames.has(r.weight) && !readoutNames.has(r.weight)) {
    fail(["readout", "weight"], `"${r.weight}" is neither a state nor a readout of this model`);
  }
  if ((r.ltpAbove === undefined) !== (r.ltdBelow === undefined)) {
    fail(["readout", r.ltpAbove === undefined ? "ltdBelow" : "ltpAbove"], "ltpAbove and ltdBelow go together");
  } else if (r.ltpAbove !== undefined && r.weight === undefined) {
    fail(["readout", "ltpAbove"], "LTP and LTD thresholds need a weight to classify");
  }
  if (r.ltdBelow !== undefined && r.ltpAbove !== undefined && r.ltdBelow > r.ltpAbove)
    fail(["readout", "ltdBelow"], `${r.ltdBelow} is above ltpAbove ${r.ltpAbove}`);
  return {
    weight: r.weight,
    ltpAbove: r.ltpAbove,
    ltdBelow: r.ltdBelow,
    peaks: r.peaks.map((p, i) => state(["readout", "peaks", i], p)),
    bands: r.bands
      ? { state: state(["readout", "bands", "state"], r.bands.state), ltd: band("ltd"), ltp: band("ltp") }
      : undefined,
  };
}

/** The ids under which a run's summary reports its numbers (see readouts.ts). */
function readoutIdsOf(states: State[], derived: DerivedReadout[], bands: boolean): string[] {
  return [
    ...derived.map((d) => d.name),
    ...states.map((s) => `end:${s.name}`),
    ...states.map((s) => `peak:${s.name}`),
    ...(bands ? ["timeInLtd", "timeInLtp"] : []),
  ];
}

function checkEventTimes(
  events: ModelEvent[],
  parameters: Parameter[],
  presets: Preset[],
  endParam: string,
  timeUnit: string,
  fail: (path: Path, message: string) => void,
): void {
  if (events.length === 0) return;
  const end = parameters.find((p) => p.name === endParam);
  const cases: [string, Float64Array][] = [["at the defaults", Float64Array.from(parameters, (p) => p.default)]];
  for (const preset of presets) {
    const v = Float64Array.from(parameters, (p) => p.default);
    for (const [name, x] of Object.entries(preset.params)) {
      const p = parameters.find((q) => q.name === name);
      if (p) v[p.index] = x;
    }
    cases.push([`in preset "${preset.id}"`, v]);
  }
  const reported = new Set<string>();
  for (const [where, values] of cases) {
    const { problems } = scheduleJumps(events, parameters, values, values[end?.index ?? -1] as number, timeUnit);
    for (const p of problems) {
      const key = `${p.event}.${p.field}`;
      if (reported.has(key)) continue;
      reported.add(key);
      fail(["events", p.event, p.field], `${where}, ${p.message}`);
    }
  }
}

function buildPresets(
  src: ModelFile,
  parameters: Parameter[],
  constant: (path: Path, value: string | number) => number,
  fail: (path: Path, message: string) => void,
): Preset[] {
  const presets: Preset[] = [];
  for (const [id, def] of Object.entries(src.presets)) {
    const at = (...rest: (string | number)[]) => ["presets", id, ...rest];
    const params: Record<string, number> = {};
    for (const [name, raw] of Object.entries(def.params)) {
      const p = parameters.find((q) => q.name === name);
      if (!p) {
        fail(at("params", name), `unknown parameter "${name}"`);
        continue;
      }
      const v = constant(at("params", name), raw);
      if (p.fixed) fail(at("params", name), `"${name}" is fixed in this model`);
      else if (p.range && (v < p.range[0] || v > p.range[1])) {
        fail(at("params", name), `${v} is outside the range of ${name}, ${p.range[0]} to ${p.range[1]} ${p.unit}`);
      }
      params[name] = v;
    }
    if (def.protocol !== undefined && !isProtocolKind(def.protocol))
      fail(at("protocol"), `unknown protocol "${def.protocol}"`);
    if (def.activity !== undefined && !isActivityMode(def.activity))
      fail(at("activity"), `unknown activity mode "${def.activity}"`);
    presets.push({
      id,
      label: def.label,
      purpose: def.purpose,
      isDefault: def.default ?? false,
      protocol: def.protocol,
      activity: def.activity,
      params,
    });
  }
  if (presets.filter((p) => p.isDefault).length > 1) fail(["presets"], "more than one preset is marked default");
  return presets;
}

function buildPopulation(
  src: ModelFile,
  parameters: Parameter[],
  presets: Preset[],
  fail: (path: Path, message: string) => void,
): PopulationDef | undefined {
  const def = src.population;
  if (!def) return undefined;
  const seen = new Set<string>();
  def.spread.forEach((entry, i) => {
    const at = ["population", "spread", i, "param"];
    const p = parameters.find((q) => q.name === entry.param);
    if (!p) fail(at, `unknown parameter "${entry.param}"`);
    else if (p.fixed) fail(at, `"${entry.param}" is fixed in this model and cannot vary between subjects`);
    else if (seen.has(entry.param)) fail(at, `"${entry.param}" is listed twice`);
    seen.add(entry.param);
  });
  if (def.treatment !== undefined && !presets.some((p) => p.id === def.treatment))
    fail(["population", "treatment"], `unknown preset "${def.treatment}"`);
  return {
    description: def.description ?? "",
    spread: def.spread.map((e) => ({ param: e.param, kind: e.kind, sigma: e.sigma })),
    ...(def.treatment !== undefined ? { treatment: def.treatment } : {}),
  };
}
