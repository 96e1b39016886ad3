import {
  defaultPreset,
  findPreset,
  type Model,
  type ResolvedRun,
  type RunSpec,
  resolveRun,
} from "../../engine/index.ts";

/**
 * What the user has chosen: a preset, the parameters changed on top of it, and the input choices.
 * Every change goes through here, so the figures, the URL and the exports always agree.
 */
export class RunState {
  readonly model: Model;
  private spec: RunSpec;
  private resolvedCache: ResolvedRun | undefined;
  private readonly listeners: ((why: string) => void)[] = [];
  private guard: ((spec: RunSpec, why: string) => RunSpec) | undefined;

  constructor(model: Model, spec: RunSpec = {}) {
    this.model = model;
    this.spec = normalise(model, spec);
  }

  get current(): RunSpec {
    return structuredClone(this.spec);
  }

  get resolved(): ResolvedRun {
    this.resolvedCache ??= resolveRun(this.model, this.spec);
    return this.resolvedCache;
  }

  value(name: string): number {
    const p = this.model.parameters.find((q) => q.name === name);
    return p ? (this.resolved.values[p.index] as number) : Number.NaN;
  }

  onChange(listener: (why: string) => void): void {
    this.listeners.push(listener);
  }

  /** Sets one parameter; a value equal to the preset's drops the override so the link stays short. */
  setParam(name: string, value: number): void {
    const params = { ...this.spec.params };
    if (value === this.presetValue(name)) delete params[name];
    else params[name] = value;
    this.update({ ...this.spec, params }, `param:${name}`);
  }

  setProtocol(protocol: string): void {
    this.update({ ...this.spec, protocol }, "protocol");
  }

  setActivity(activity: string): void {
    this.update({ ...this.spec, activity }, "activity");
  }

  /** Loads a preset with its own values and input choices. */
  setPreset(id: string): void {
    this.update({ preset: id, params: {} }, "preset");
  }

  /** Back to the current preset's values. */
  reset(): void {
    this.update({ preset: this.resolved.preset?.id ?? defaultPreset(this.model)?.id, params: {} }, "reset");
  }

  /** Back to the model's defaults (the default preset). */
  resetAll(): void {
    this.update({ preset: defaultPreset(this.model)?.id, params: {} }, "reset-all");
  }

  restore(spec: RunSpec, why = "restore"): void {
    this.update(spec, why);
  }

  presetValue(name: string): number | undefined {
    const p = this.model.parameters.find((q) => q.name === name);
    if (!p) return undefined;
    return this.resolved.preset?.params[name] ?? p.default;
  }

  /**
   * Every later change passes through `guard` first (a class link's locks): it returns the spec to
   * apply, or throws a RunSpecError to refuse the change.
   */
  setGuard(guard: (spec: RunSpec, why: string) => RunSpec): void {
    this.guard = guard;
  }

  private update(spec: RunSpec, why: string): void {
    const next = normalise(this.model, this.guard ? this.guard(spec, why) : spec);
    resolveRun(this.model, next); // throws before anything changes if the spec is bad
    this.spec = next;
    this.resolvedCache = undefined;
    for (const l of this.listeners) l(why);
  }
}

/** Drops input choices and overrides that only repeat the preset, so equal states compare equal. */
function normalise(model: Model, spec: RunSpec): RunSpec {
  const preset = spec.preset !== undefined ? findPreset(model, spec.preset) : defaultPreset(model);
  const out: RunSpec = { params: {} };
  if (preset) out.preset = preset.id;
  const protocol = preset?.protocol ?? "step";
  const activity = preset?.activity ?? "paired";
  if (spec.protocol !== undefined && spec.protocol !== protocol) out.protocol = spec.protocol;
  if (spec.activity !== undefined && spec.activity !== activity) out.activity = spec.activity;
  for (const [name, v] of Object.entries(spec.params ?? {})) {
    const p = model.parameters.find((q) => q.name === name);
    const base = preset?.params[name] ?? p?.default;
    if (v !== base) (out.params as Record<string, number>)[name] = v;
  }
  return out;
}
