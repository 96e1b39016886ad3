import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import {
  checkSeed,
  checkValue,
  findPreset,
  formatValue,
  isActivityMode,
  isProtocolKind,
  type Model,
  parseNumber,
  type ResolvedRun,
  type RunSpec,
  resolveRun,
  toQuery,
} from "../../engine/index.ts";
import { openModelSource } from "../session/model-source.ts";
import { writeFragment } from "../session/url-table.ts";

/**
 * A class link is a share link with a few more keys, read through the engine's fromQuery as "known"
 * keys (they come back in `other`):
 *
 *   lesson=calcium-window      open this shipped lesson (by name only: never a remote address)
 *   lock=Kb,tauR | lock=*      these controls are locked (all of them with *)
 *   free=u,gb                  every control except these is locked (the short form when most are)
 *   hide=ga,Ka | hide=*        these controls are hidden (and so locked); * hides every locked control
 *   fix=preset:moderate-ne,gb:2  the locked controls' values where they differ from the preset's
 *   theme=projector            projector theme on (theme=standard: off)
 *   check=3f9a0c…              a hash of the class settings above (see classCheck)
 *   seed=7                     the seed of the random analyses (a key the analyses own and read)
 *
 * Controls are the model's adjustable parameters plus "preset", "protocol" and "activity".
 */
export const CLASS_KEYS = ["lesson", "lock", "free", "hide", "fix", "theme", "check"] as const;

/** The keys that lock controls: a link with any of them must carry a matching check. */
const LOCK_KEYS = ["lock", "free", "hide", "fix"];
/** The keys the check covers, in the order of its canonical text. */
const CHECKED_KEYS = ["lesson", "lock", "free", "hide", "fix", "theme"];

/**
 * The check of a link's class settings: SHA-256 over a canonical text (the model id, then every entry
 * of the checked keys in a fixed key order, repeated keys included), first 12 hex digits.
 *
 * It is not a signature: there is no secret, so anyone who reads this code can compute the check of an
 * edited link. It catches accidental and casual edits (a key changed, added, repeated or removed by
 * hand), which is what the dialog promises, and no more.
 */
export function classCheck(model: Model, entries: readonly (readonly [string, string])[]): string {
  const lines = [`plasticity-lab class link 1`, `model=${model.id}`];
  for (const key of CHECKED_KEYS) for (const [k, v] of entries) if (k === key) lines.push(`${k}=${v}`);
  return bytesToHex(sha256(utf8ToBytes(lines.join("\n")))).slice(0, 12);
}

/** Why the link's class settings fail their check, or null when they pass or there is nothing to check. */
function checkProblem(model: Model, entries: readonly (readonly [string, string])[]): string | null {
  const checks = entries.filter(([k]) => k === "check").map(([, v]) => v);
  const locks = entries.some(([k]) => LOCK_KEYS.includes(k));
  if (!locks && checks.length === 0) return null;
  if (checks.length === 0) return "it locks controls but has no check=";
  if (checks.length > 1) return "it has more than one check=";
  return checks[0] === classCheck(model, entries) ? null : "its class settings do not match their check";
}

export const RUN_CONTROLS = ["preset", "protocol", "activity"] as const;

/** Longest value fromQuery accepts for one key. */
export const MAX_LINK_VALUE = 64;

export type Theme = "projector" | "standard";

export interface ClassSettings {
  lesson: string | undefined;
  locked: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
  theme: Theme | undefined;
  seed: number | undefined;
}

export interface ClassLinkReading {
  settings: ClassSettings;
  /**
   * Set when the link's class settings fail their check (it was edited by hand): in plain words, for a
   * notice. The link then opens with no control locked or hidden.
   */
  changed: string | undefined;
  /** The run to open, with every locked control at its locked value. */
  spec: RunSpec;
  /** Entries that were dropped or overridden, each in plain words, for a visible notice. */
  problems: string[];
}

/** Every control a class link can lock or hide, in the order the control panel shows them. */
export function controlNames(model: Model): string[] {
  return [...RUN_CONTROLS, ...model.parameters.filter((p) => !p.fixed).map((p) => p.name)];
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Reads the class keys of a link; `spec` is the run that fromQuery read from the same link and `entries`
 * every key and value of the link in order (a repeated key appears each time it was written).
 */
export function readClassLink(
  model: Model,
  spec: RunSpec,
  entries: readonly (readonly [string, string])[],
  lessonNames: readonly string[],
): ClassLinkReading {
  const problems: string[] = [];
  const failed = checkProblem(model, entries);
  const changed =
    failed === null
      ? undefined
      : `This class link was changed after it was made (${failed}), so it locks and hides nothing: every control is free. Ask for the original link if your class should have locked controls.`;
  const other: Record<string, string> = {};
  for (const [k, v] of entries) {
    if ((CLASS_KEYS as readonly string[]).includes(k) || k === "seed") other[k] = v;
    if (failed !== null && LOCK_KEYS.includes(k)) delete other[k];
  }
  const controls = controlNames(model);
  const known = (key: string, names: string[]) =>
    names.filter((n) => {
      if (n === "*" || controls.includes(n)) return true;
      problems.push(`${key}: unknown control "${n}"`);
      return false;
    });

  const lockList = known("lock", list(other.lock));
  const freeList = known("free", list(other.free));
  const hideList = known("hide", list(other.hide));
  const locked = new Set<string>(lockList.includes("*") ? controls : lockList.filter((n) => n !== "*"));
  if (other.free !== undefined) for (const n of controls) if (!freeList.includes(n)) locked.add(n);
  const hidden = new Set<string>(hideList.filter((n) => n !== "*"));
  if (hideList.includes("*")) for (const n of locked) hidden.add(n);
  for (const n of hidden) locked.add(n);

  let lesson: string | undefined;
  if (other.lesson !== undefined) {
    if (lessonNames.includes(other.lesson)) lesson = other.lesson;
    else problems.push(`lesson: no lesson named "${other.lesson.slice(0, 40)}" (lessons: ${lessonNames.join(", ")})`);
  }
  let theme: Theme | undefined;
  if (other.theme !== undefined) {
    if (other.theme === "projector" || other.theme === "standard") theme = other.theme;
    else problems.push(`theme: "${other.theme.slice(0, 40)}" is not "projector" or "standard"`);
  }
  let seed: number | undefined;
  if (other.seed !== undefined) {
    const v = parseNumber(other.seed);
    const problem = Number.isNaN(v) ? `"${other.seed.slice(0, 40)}" is not a number` : checkSeed(v);
    if (problem) problems.push(`seed: ${problem}`);
    else seed = v;
  }

  const fixed = readFix(model, other.fix, locked, problems);
  const out = lockSpec(model, spec, locked, fixed, (name, asked, kept) =>
    problems.push(`${name} is locked by this class link at ${kept}; the link's ${name}=${asked} was not applied`),
  );
  return { settings: { lesson, locked, hidden, theme, seed }, changed, spec: out, problems };
}

type Fixed = Record<string, string | number>;

function readFix(model: Model, text: string | undefined, locked: ReadonlySet<string>, problems: string[]): Fixed {
  const fixed: Fixed = {};
  for (const entry of list(text)) {
    const [name = "", value = ""] = entry.split(":");
    let problem: string | null = null;
    if (!locked.has(name)) problem = `"${name}" is not a locked control`;
    else if (name === "preset") problem = findPreset(model, value) ? null : `unknown preset "${value}"`;
    else if (name === "protocol") problem = isProtocolKind(value) ? null : `unknown protocol "${value}"`;
    else if (name === "activity") problem = isActivityMode(value) ? null : `unknown activity mode "${value}"`;
    else {
      const v = parseNumber(value);
      problem = Number.isNaN(v) ? `${name}: "${value}" is not a number` : checkValue(model, name, v);
      if (!problem) fixed[name] = v;
      else problems.push(`fix: ${problem}`);
      continue;
    }
    if (problem) problems.push(`fix: ${problem}`);
    else fixed[name] = value;
  }
  return fixed;
}

/** The values a set of locked controls holds in `run`: what a guard keeps them at. */
export function lockedValues(run: ResolvedRun, locked: ReadonlySet<string>): Fixed {
  const out: Fixed = {};
  for (const name of locked) {
    if (name === "preset") out.preset = run.preset?.id ?? "";
    else if (name === "protocol") out.protocol = run.protocol;
    else if (name === "activity") out.activity = run.activity;
    else {
      const p = run.model.parameters.find((q) => q.name === name);
      if (p) out[name] = run.values[p.index] as number;
    }
  }
  return out;
}

/**
 * `spec` with every locked control at its locked value: the value in `fixed`, else the (locked) preset's.
 * `onChange` hears each control whose asked-for value was replaced.
 */
export function lockSpec(
  model: Model,
  spec: RunSpec,
  locked: ReadonlySet<string>,
  fixed: Fixed,
  onChange: (name: string, asked: string, kept: string) => void,
): RunSpec {
  const out: RunSpec = { ...spec, params: { ...spec.params } };
  const params = out.params as Record<string, number>;
  if (locked.has("preset") && typeof fixed.preset === "string" && out.preset !== fixed.preset) {
    if (out.preset !== undefined) onChange("preset", out.preset, fixed.preset);
    out.preset = fixed.preset;
  }
  const preset = out.preset !== undefined ? findPreset(model, out.preset) : resolveRun(model, {}).preset;
  for (const name of ["protocol", "activity"] as const) {
    if (!locked.has(name)) continue;
    const want = String(fixed[name] ?? preset?.[name] ?? (name === "protocol" ? "step" : "paired"));
    if (out[name] !== undefined && out[name] !== want) onChange(name, String(out[name]), want);
    out[name] = want;
  }
  for (const p of model.parameters) {
    if (!locked.has(p.name)) continue;
    const want = typeof fixed[p.name] === "number" ? (fixed[p.name] as number) : (preset?.params[p.name] ?? p.default);
    const asked = params[p.name];
    if (asked !== undefined && asked !== want) onChange(p.name, formatValue(asked), formatValue(want));
    params[p.name] = want;
  }
  return out;
}

export interface ClassLinkOptions {
  lesson: string | undefined;
  locked: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
  theme: Theme;
  seed: number | undefined;
}

/** The class keys for `options`, in their shortest form, and what cannot be written. */
export function classKeys(model: Model, run: ResolvedRun, options: ClassLinkOptions): Record<string, string> {
  const controls = controlNames(model);
  const locked = controls.filter((n) => options.locked.has(n) || options.hidden.has(n));
  const free = controls.filter((n) => !locked.includes(n));
  const keys: Record<string, string> = {};
  if (options.lesson) keys.lesson = options.lesson;
  if (locked.length === controls.length) keys.lock = "*";
  else if (locked.length > 0) {
    if (free.join(",").length < locked.join(",").length) keys.free = free.join(",");
    else keys.lock = locked.join(",");
  }
  const hidden = controls.filter((n) => options.hidden.has(n));
  if (hidden.length > 0) {
    keys.hide = hidden.length === locked.length ? "*" : hidden.join(",");
  }
  // Locked controls at a value other than the preset's carry it, so a reader can tell an edited link.
  const presetValues = resolveRun(model, { preset: run.preset?.id });
  const fix: string[] = [];
  for (const name of locked) {
    if (name === "preset") {
      if (run.preset) fix.push(`preset:${run.preset.id}`);
    } else if (name === "protocol" || name === "activity") {
      if (run[name] !== presetValues[name]) fix.push(`${name}:${run[name]}`);
    } else {
      const p = model.parameters.find((q) => q.name === name);
      if (p && run.values[p.index] !== presetValues.values[p.index]) {
        fix.push(`${name}:${String(run.values[p.index])}`);
      }
    }
  }
  if (fix.length) keys.fix = fix.join(",");
  if (options.theme === "projector") keys.theme = "projector";
  if (Object.keys(keys).some((k) => LOCK_KEYS.includes(k))) keys.check = classCheck(model, Object.entries(keys));
  if (options.seed !== undefined) keys.seed = String(options.seed);
  return keys;
}

/** Keys whose value is longer than a link may carry, in plain words. */
export function tooLong(keys: Record<string, string>): string[] {
  return Object.entries(keys)
    .filter(([, v]) => v.length > MAX_LINK_VALUE)
    .map(([k, v]) => `${k}= is ${v.length} characters, more than the ${MAX_LINK_VALUE} a link may carry`);
}

/**
 * The full address of a class link for `run` on this page; it names its model, as every share link
 * does, and carries an edited model's text, as every share link does.
 */
export function classLinkUrl(run: ResolvedRun, keys: Record<string, string>): string {
  const query = toQuery(run, keys);
  const fragment = writeFragment(openModelSource());
  return `${location.origin}${location.pathname}?model=${encodeURIComponent(run.model.id)}${query ? `&${query}` : ""}${fragment}`;
}
