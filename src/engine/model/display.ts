import type { DisplayFileDef } from "./model-schema.ts";

/** One time-course panel: the series it draws (states, inputs or helpers, by name) and its y-axis title. */
export interface DisplayPanel {
  id: string;
  title: string;
  axis: string;
  series: string[];
}

/** A helper drawn as a function of the rule figure's state. */
export interface RuleCurve {
  helper: string;
  title: string;
  axis: string;
  log: boolean;
  /** The model's plasticity rule, overlaid with other models' rules in "Compare rules". */
  compare: boolean;
}

/** How the app shows a model, every field resolved: the file's `display:` block or a default derived from the model. */
export interface Display {
  /** Heading of the time-course figure. */
  title: string;
  panels: DisplayPanel[];
  /** A colour for every state, input and helper. */
  colors: Record<string, string>;
  /** The parameter the dose-response sweeps, or undefined when the model has no parameter to sweep. */
  dose: string | undefined;
  /** The plasticity map's second parameter, or undefined when the model has only one to vary. */
  map: string | undefined;
  /**
   * Rule curves and the state (or protocol input) they are drawn against, with the range to draw them
   * over when compared across models; undefined when the model names none.
   */
  rules: { title: string; state: string; curves: RuleCurve[]; range: [number, number] | undefined } | undefined;
  /** The sweep the analyses open with: its readout (undefined: the weight at the end) and the dose's range. */
  sweep: { readout: string | undefined; range: [number, number] | undefined };
  /** Where a readout means "no change", by readout id. */
  noChange: Record<string, number>;
  /** A label, with its unit, for every readout id the model has. */
  readouts: Record<string, string>;
}

/**
 * Okabe & Ito's colour-blind-safe palette, without yellow (too pale on white), in the order series
 * get them when the model file gives no colours.
 */
export const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"] as const;

/** What the display block is built from: the model's names, already validated. */
export interface DisplayParts {
  timeUnit: string;
  states: readonly { name: string; label: string; unit: string }[];
  inputs: readonly { name: string; kind: string; label: string; unit: string; amplitude?: string }[];
  helpers: readonly { name: string; label: string; args: readonly string[]; unit: string }[];
  parameters: readonly { name: string; fixed: boolean; group: string; range?: readonly [number, number] }[];
  derivedReadouts: readonly { name: string; label: string; unit: string }[];
}

type Path = (string | number)[];

const withUnit = (text: string, unit: string) => (unit && unit !== "–" ? `${text} (${unit})` : text);

/** The readout ids of a model, each with its default label. */
export function defaultReadoutLabels(parts: DisplayParts): Record<string, string> {
  const labels: Record<string, string> = { outcome: "the outcome (LTP, LTD or none)" };
  for (const r of parts.derivedReadouts) labels[r.name] = withUnit(r.label, r.unit);
  for (const s of parts.states) labels[`end:${s.name}`] = withUnit(`${s.name} at the end`, s.unit);
  for (const s of parts.states) labels[`peak:${s.name}`] = withUnit(`peak ${s.name}`, s.unit);
  labels.timeInLtd = `time in the LTD band (${parts.timeUnit})`;
  labels.timeInLtp = `time in the LTP band (${parts.timeUnit})`;
  return labels;
}

/**
 * The default panels: one per state, in file order, each protocol input drawn with the first state that
 * shares its unit (or in a panel of its own, first, when none does).
 */
function defaultPanels(parts: DisplayParts): DisplayPanel[] {
  const panels: DisplayPanel[] = parts.states.map((s) => ({
    id: s.name.toLowerCase().replace(/_/g, "-"),
    title: s.label,
    axis: withUnit(s.name, s.unit),
    series: [s.name],
  }));
  const own: DisplayPanel[] = [];
  for (const input of parts.inputs) {
    if (input.kind !== "protocol") continue;
    const k = parts.states.findIndex((s) => s.unit === input.unit);
    if (k >= 0) panels[k]?.series.unshift(input.name);
    else
      own.push({
        id: input.name.toLowerCase().replace(/_/g, "-"),
        title: input.label,
        axis: withUnit(input.name, input.unit),
        series: [input.name],
      });
  }
  // Ids are lower case for lessons to name; two names that differ only in case get a number.
  const seen = new Set<string>();
  return [...own, ...panels].map((p) => {
    let id = p.id;
    for (let k = 2; seen.has(id); k++) id = `${p.id}-${k}`;
    seen.add(id);
    return { ...p, id };
  });
}

/** Resolves a model file's display block against the model, reporting every name it does not know. */
export function buildDisplay(
  def: DisplayFileDef | undefined,
  parts: DisplayParts,
  fail: (path: Path, message: string) => void,
): Display {
  const at = (...rest: Path): Path => ["display", ...rest];
  const states = new Set(parts.states.map((s) => s.name));
  const inputs = new Set(parts.inputs.map((i) => i.name));
  const plainHelpers = new Set(parts.helpers.filter((h) => h.args.length === 0).map((h) => h.name));
  const helperWithArgs = new Set(parts.helpers.filter((h) => h.args.length > 0).map((h) => h.name));
  const plottable = (path: Path, name: string) => {
    if (helperWithArgs.has(name)) fail(path, `helper "${name}" takes arguments and cannot be plotted`);
    else if (!states.has(name) && !inputs.has(name) && !plainHelpers.has(name))
      fail(path, `unknown state, input or helper "${name}"`);
  };

  const panels = def?.panels ?? defaultPanels(parts);
  const ids = new Set<string>();
  def?.panels?.forEach((panel, k) => {
    if (ids.has(panel.id)) fail(at("panels", k, "id"), `panel id "${panel.id}" is used twice`);
    ids.add(panel.id);
    panel.series.forEach((name, j) => {
      plottable(at("panels", k, "series", j), name);
    });
  });

  for (const name of Object.keys(def?.colors ?? {})) plottable(at("colors", name), name);
  const colors: Record<string, string> = {};
  let next = 0;
  const named = [
    ...panels.flatMap((p) => p.series),
    ...parts.states.map((s) => s.name),
    ...parts.helpers.map((h) => h.name),
  ];
  for (const name of [...named, ...parts.inputs.map((i) => i.name)]) {
    if (colors[name]) continue;
    colors[name] = def?.colors[name] ?? (PALETTE[next++ % PALETTE.length] as string);
  }

  let dose: string | undefined;
  if (def?.dose !== undefined) {
    const p = parts.parameters.find((q) => q.name === def.dose);
    if (!p) fail(at("dose"), `unknown parameter "${def.dose}"`);
    else if (p.fixed) fail(at("dose"), `"${def.dose}" is fixed in this model and cannot be swept`);
    dose = def.dose;
  } else {
    const amplitude = parts.inputs.find((i) => i.kind === "protocol")?.amplitude;
    dose = amplitude ?? parts.parameters.find((q) => !q.fixed)?.name;
  }

  // The map's default second axis: the first free parameter outside the dose's group.
  const free = (name: string | undefined) => parts.parameters.find((q) => q.name === name && !q.fixed);
  let map: string | undefined;
  if (def?.map !== undefined) {
    const p = parts.parameters.find((q) => q.name === def.map);
    if (!p) fail(at("map"), `unknown parameter "${def.map}"`);
    else if (p.fixed) fail(at("map"), `"${def.map}" is fixed in this model and cannot be mapped`);
    else if (p.name === dose) fail(at("map"), `"${def.map}" is already the dose; the map needs a second parameter`);
    map = def.map;
  } else {
    const doseGroup = free(dose)?.group;
    const others = parts.parameters.filter((q) => !q.fixed && q.name !== dose);
    map = (others.find((q) => q.group !== doseGroup) ?? others[0])?.name;
  }

  let rules: Display["rules"];
  if (def?.rules) {
    const r = def.rules;
    if (!states.has(r.state) && !inputs.has(r.state)) fail(at("rules", "state"), `unknown state or input "${r.state}"`);
    if (r.range && !(r.range[0] < r.range[1]))
      fail(at("rules", "range"), "the range needs a lower end below its upper end");
    if (r.curves.filter((c) => c.compare).length > 1)
      fail(at("rules", "curves"), "only one curve can be the rule that Compare rules overlays");
    r.curves.forEach((c, k) => {
      if (helperWithArgs.has(c.helper))
        fail(at("rules", "curves", k, "helper"), `helper "${c.helper}" takes arguments and cannot be plotted`);
      else if (!plainHelpers.has(c.helper)) fail(at("rules", "curves", k, "helper"), `unknown helper "${c.helper}"`);
    });
    rules = {
      title: r.title ?? `Rule curves against ${r.state}`,
      state: r.state,
      curves: r.curves.map((c) => {
        const h = parts.helpers.find((x) => x.name === c.helper);
        return {
          helper: c.helper,
          title: c.title,
          axis: c.axis ?? withUnit(c.helper, h?.unit ?? ""),
          log: c.log,
          compare: c.compare,
        };
      }),
      range: r.range,
    };
  }

  const readouts = defaultReadoutLabels(parts);
  for (const [id, label] of Object.entries(def?.readouts ?? {})) {
    if (!(id in readouts)) {
      fail(
        at("readouts", id),
        `unknown readout "${id}" (use a derived readout's name, end:<state>, peak:<state>, timeInLtd, timeInLtp or outcome)`,
      );
      continue;
    }
    readouts[id] = label;
  }

  // Readouts a sweep can draw: every numeric one.
  const numeric = (id: string) => id in readouts && id !== "outcome";
  const readoutList = () => Object.keys(readouts).filter(numeric).join(", ");
  const sweepReadout = def?.sweep?.readout;
  if (sweepReadout !== undefined && !numeric(sweepReadout))
    fail(at("sweep", "readout"), `unknown numeric readout "${sweepReadout}" (readouts: ${readoutList()})`);
  const sweepRange = def?.sweep?.range;
  if (sweepRange) {
    const p = parts.parameters.find((q) => q.name === dose);
    if (sweepRange[0] === sweepRange[1]) fail(at("sweep", "range"), "the range needs two different ends");
    else if (p?.range && sweepRange.some((v) => v < (p.range?.[0] as number) || v > (p.range?.[1] as number)))
      fail(at("sweep", "range"), `the range must lie within ${dose}'s own, ${p.range[0]} to ${p.range[1]}`);
  }
  for (const id of Object.keys(def?.noChange ?? {}))
    if (!numeric(id)) fail(at("noChange", id), `unknown numeric readout "${id}" (readouts: ${readoutList()})`);

  return {
    title: def?.title ?? "Time courses",
    panels,
    colors,
    dose,
    map,
    rules,
    readouts,
    sweep: { readout: sweepReadout, range: sweepRange },
    noChange: { ...(def?.noChange ?? {}) },
  };
}
