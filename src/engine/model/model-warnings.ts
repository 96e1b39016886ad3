import { callsOf, symbolsOf } from "../compile/expression.ts";
import type { Model, ParamRef } from "./model.ts";
import type { Path } from "./yaml-locator.ts";

/** Something in a valid model that is probably a mistake: it loads and runs, but a reader should look. */
export interface ModelWarning {
  path: Path;
  message: string;
}

/**
 * Declarations nothing uses: a parameter no equation, input, event, time span, readout, figure or
 * analysis reads; a state that no other equation, readout or figure reads (its own rate does not
 * count); a helper no equation calls and no figure draws.
 */
export function modelWarnings(model: Model): ModelWarning[] {
  const readByState = new Map<string, Set<string>>();
  const read = new Set<string>();
  const note = (names: Iterable<string>, into: Set<string>) => {
    for (const n of names) into.add(n);
  };
  for (const s of model.states) {
    const names = new Set([...symbolsOf(s.node), ...callsOf(s.node)]);
    readByState.set(s.name, names);
  }
  for (const h of model.helpers) note([...symbolsOf(h.node), ...callsOf(h.node)], read);
  const ref = (r: ParamRef | null) => {
    if (r && "param" in r) read.add(r.param);
  };
  for (const i of model.inputs) {
    if (i.kind === "protocol") {
      read.add(i.amplitude);
      for (const r of [i.start, i.duration, i.pulseWidth, i.train.count, i.train.width, i.train.period]) ref(r);
    } else ref(i.extra);
  }
  read.add(model.endParam);
  // Events, switches and derived readouts read names as any equation does.
  const exprs = [
    ...model.events.flatMap((e) => [e.start, e.period, e.count, e.delay, ...e.assign.map((a) => a.value)]),
    ...model.switches.map((w) => w.expr),
    ...model.derivedReadouts.map((d) => d.expr),
  ];
  for (const e of exprs) if (e) note([...symbolsOf(e.node), ...callsOf(e.node)], read);
  const r = model.readout;
  if (r.bands) for (const b of [...r.bands.ltd, ...r.bands.ltp]) ref(b);
  // What the app draws or varies is used, even when no equation reads it.
  const d = model.display;
  note(
    [
      ...d.panels.flatMap((p) => p.series),
      ...(d.rules ? [d.rules.state, ...d.rules.curves.map((c) => c.helper)] : []),
      ...(d.dose ? [d.dose] : []),
      ...(d.map ? [d.map] : []),
      ...(model.population?.spread.map((s) => s.param) ?? []),
    ],
    read,
  );
  for (const c of model.claims) if (c.check.kind === "raises" || c.check.kind === "monotone") read.add(c.check.vary);
  const readouts = new Set([r.weight, r.bands?.state, ...r.peaks]);

  const readByOthers = (name: string) =>
    read.has(name) || [...readByState].some(([owner, names]) => owner !== name && names.has(name));
  const warnings: ModelWarning[] = [];
  for (const p of model.parameters) {
    if (!readByOthers(p.name)) {
      warnings.push({
        path: ["parameters", p.name],
        message: `parameter "${p.name}" is used by no equation, input, time span or readout`,
      });
    }
  }
  for (const s of model.states) {
    if (!readByOthers(s.name) && !readouts.has(s.name)) {
      warnings.push({
        path: ["states", s.name],
        message: `state "${s.name}" is read by no other equation and no readout`,
      });
    }
  }
  for (const h of model.helpers) {
    if (!readByOthers(h.name)) {
      warnings.push({ path: ["helpers", h.name], message: `helper "${h.name}" is used by no equation` });
    }
  }
  return warnings;
}
