import type { Model } from "../engine/model/model.ts";
import { parseNumber, type RunSpec } from "../engine/run/run-spec.ts";
import type { SimulateOptions } from "../engine/solve/simulate.ts";
import { UsageError } from "./usage-error.ts";

const METHOD_CHOICES = ["auto", "rosenbrock", "odex", "exponential"] as const;

/** Options every command that runs the model shares, in node:util parseArgs form. */
export const RUN_OPTIONS = {
  model: { type: "string" },
  preset: { type: "string" },
  set: { type: "string", multiple: true },
  protocol: { type: "string" },
  activity: { type: "string" },
  "t-end": { type: "string" },
  every: { type: "string" },
  method: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
} as const;

export interface RunOptionValues {
  preset?: string;
  set?: string[];
  protocol?: string;
  activity?: string;
  "t-end"?: string;
  every?: string;
  method?: string;
}

export function number(text: string, what: string): number {
  const v = parseNumber(text);
  if (Number.isNaN(v)) throw new UsageError(`${what}: "${text}" is not a number`);
  return v;
}

/** Builds the run spec from --preset/--set/--protocol/--activity/--t-end; validation is resolveRun's. */
export function runSpecFrom(model: Model, o: RunOptionValues): RunSpec {
  const params: Record<string, number> = {};
  for (const item of o.set ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set ${item}: expected NAME=VALUE`);
    const name = item.slice(0, eq).trim();
    if (!model.parameters.some((p) => p.name === name))
      throw new UsageError(`--set ${item}: unknown parameter "${name}"`);
    params[name] = number(item.slice(eq + 1), `--set ${name}`);
  }
  if (o["t-end"] !== undefined) params[model.endParam] = number(o["t-end"], "--t-end");
  return {
    ...(o.preset !== undefined ? { preset: o.preset } : {}),
    params,
    ...(o.protocol !== undefined ? { protocol: o.protocol } : {}),
    ...(o.activity !== undefined ? { activity: o.activity } : {}),
  };
}

export function simulateOptionsFrom(o: RunOptionValues): SimulateOptions {
  const options: SimulateOptions = {};
  if (o.every !== undefined) {
    const every = number(o.every, "--every");
    if (!(every > 0)) throw new UsageError(`--every: must be positive, not ${o.every}`);
    options.every = every;
  }
  if (o.method !== undefined) {
    if (!(METHOD_CHOICES as readonly string[]).includes(o.method)) {
      throw new UsageError(`--method: "${o.method}" is not one of ${METHOD_CHOICES.join(", ")}`);
    }
    options.method = o.method as (typeof METHOD_CHOICES)[number];
  }
  return options;
}

export function formatFrom(format: string | undefined, allowed: readonly string[] = ["csv", "json"]): string {
  const f = format ?? allowed[0];
  if (!allowed.includes(f as string)) throw new UsageError(`--format: "${format}" is not one of ${allowed.join(", ")}`);
  return f as string;
}
