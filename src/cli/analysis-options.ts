import {
  checkSeed,
  checkSpread,
  defaultSpread,
  describeTreatment,
  type Model,
  NO_TREATMENT,
  type ResolvedRun,
  type SpreadEntry,
  type Treatment,
  toQuery,
  treatmentFromPreset,
} from "../engine/index.ts";
import { number } from "./run-options.ts";
import { UsageError } from "./usage-error.ts";

/** A fixed default seed, so that running a command twice gives the same numbers unless asked otherwise. */
export const DEFAULT_SEED = 1;

export const SEED_OPTIONS = {
  seed: { type: "string" },
  spread: { type: "string", multiple: true },
} as const;

export const ANALYSIS_OPTIONS_HELP = `    --seed S               whole number 0 to 4294967295 (default ${DEFAULT_SEED}); the same seed gives the same subjects
    --spread P=KIND:SIGMA  replace or add one parameter's spread (KIND lognormal|normal; SIGMA 0 holds it fixed);
                           repeat for more; default: the model file's population spread`;

export function seedFrom(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED;
  const seed = number(text, "--seed");
  const problem = checkSeed(seed);
  if (problem) throw new UsageError(`--seed: ${problem}`);
  return seed;
}

export function wholeNumber(
  text: string | undefined,
  what: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const n = number(text, what);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${what}: must be a whole number from ${min} to ${max}, not ${text}`);
  return n;
}

/** The model's spread with each --spread P=KIND:SIGMA applied on top. */
export function spreadFrom(model: Model, items: string[] | undefined): SpreadEntry[] {
  const spread = defaultSpread(model);
  for (const item of items ?? []) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)=(lognormal|normal):(.+)$/.exec(item.trim());
    if (!m) throw new UsageError(`--spread ${item}: expected PARAM=lognormal:SIGMA or PARAM=normal:SIGMA`);
    const [, param, kind, sigmaText] = m as unknown as [string, string, "lognormal" | "normal", string];
    const entry: SpreadEntry = { param, kind, sigma: number(sigmaText, `--spread ${param}`) };
    const k = spread.findIndex((e) => e.param === param);
    if (k >= 0) spread[k] = entry;
    else spread.push(entry);
  }
  const problems = checkSpread(model, spread);
  if (problems.length) throw new UsageError(problems.join("; "));
  if (spread.length === 0) throw new UsageError("the model file has no population spread; give --spread");
  return spread;
}

/** A preset id read as a treatment (ratios to the defaults), or "control" for none. */
export function treatmentFrom(model: Model, id: string, what: string): Treatment {
  if (id === "control" || id === "none") return NO_TREATMENT;
  if (!model.presets.some((p) => p.id === id))
    throw new UsageError(
      `${what}: unknown preset "${id}" (control, or a preset: ${model.presets.map((p) => p.id).join(", ")})`,
    );
  return treatmentFromPreset(model, id);
}

export function describeSpread(spread: readonly SpreadEntry[]): string {
  return spread.map((e) => `${e.param} ${e.kind} σ ${e.sigma}`).join(", ");
}

/** The first # lines of every analysis export: label, model, what was run, from where, with what seed. */
export function analysisHeader(
  model: Model,
  base: ResolvedRun,
  analysis: string,
  extra: Record<string, string> = {},
): string[] {
  return [
    `# ${model.label}`,
    `# model: ${model.id} ${model.version}`,
    `# analysis: ${analysis}`,
    `# base: ?${toQuery(base, extra)}`,
  ];
}

export { describeTreatment };

/** Numbers as the sweep command writes them: 8 significant digits, NaN as an empty cell. */
export function cell(x: number | string | null | undefined): string {
  if (x === null || x === undefined) return "";
  if (typeof x === "string") return x;
  return Number.isFinite(x) ? String(Number(x.toPrecision(8))) : "";
}

/** The base run as JSON carries it: the share query, not the model object. */
export function baseJson(base: ResolvedRun, extra: Record<string, string> = {}) {
  return {
    share: `?${toQuery(base, extra)}`,
    preset: base.preset?.id ?? null,
    protocol: base.protocol,
    activity: base.activity,
  };
}
