import {
  defaultPreset,
  findPreset,
  type Model,
  type ResolvedRun,
  type RunSpec,
  resolveRun,
  type SimulationResult,
  simulate,
} from "../../engine/index.ts";
import type { AppState, ModelSession, SeedKey } from "./session.ts";
import type { SessionStore } from "./session-store.ts";

/**
 * Solver steps one run on the page's own thread may take: the shipped models need a few thousand even
 * at the ends of their ranges, and a model that needs far more (an edited or linked one) is stopped
 * with a message instead of freezing the tab. Analyses run in workers under the engine's larger bound.
 */
export const INTERACTIVE_MAX_STEPS = 20_000;

/**
 * Each loaded model's key in the store's caches. Not its id and version: an edit of a model keeps
 * both, and must not be handed the results of the text it replaced.
 */
const cacheKeys = new WeakMap<Model, string>();
let loaded = 0;
function cacheKey(model: Model): string {
  let key = cacheKeys.get(model);
  if (key === undefined) {
    key = `${model.id}@${model.version}#${++loaded}`;
    cacheKeys.set(model, key);
  }
  return key;
}

/**
 * One model's view of the session store: its run, seeds and pins, with the operations the controls
 * use. Every change is a store update with its reason, so the figures, the URL, the autosave and undo
 * all hear it; `dispose()` (when another model is opened) removes every subscription made through it.
 */
export class RunState {
  readonly model: Model;
  private guard: ((spec: RunSpec, why: string) => RunSpec) | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private lastRun: RunSpec | undefined;
  private lastResolved: ResolvedRun | undefined;
  /** Once the model is closed: the session as it was, so a view's late timer reads its own model's run. */
  private closed: ModelSession | undefined;

  constructor(
    model: Model,
    readonly store: SessionStore<AppState>,
  ) {
    this.model = model;
    // Every run that enters the session is normalised and checked, whoever changes it (undo, import…).
    this.unsubscribe.push(
      store.addGuard((next, prev, why) => {
        if (next.session.run === prev.session.run) return next;
        const spec = normalise(model, this.guard ? this.guard(next.session.run, why) : next.session.run);
        // Throws before anything changes if the spec is bad; kept, since the figures ask for it next.
        this.resolve(spec);
        return { ...next, session: { ...next.session, run: spec } };
      }),
    );
  }

  get session(): ModelSession {
    return this.closed ?? this.store.state.session;
  }

  get current(): RunSpec {
    return structuredClone(this.session.run);
  }

  get resolved(): ResolvedRun {
    const run = this.session.run;
    if (run !== this.lastRun || !this.lastResolved) {
      this.lastResolved = this.resolve(run);
      this.lastRun = run;
    }
    return this.lastResolved;
  }

  /** `spec` resolved, cached by its text. */
  resolve(spec: RunSpec): ResolvedRun {
    return this.store.derive("resolved", `${cacheKey(this.model)}:${JSON.stringify(spec)}`, () =>
      resolveRun(this.model, spec),
    );
  }

  /** The simulation of `spec`, cached by its text: the figures, pins and lessons share one solve per run. */
  result(spec: RunSpec = this.session.run): SimulationResult {
    return this.store.derive("result", `${cacheKey(this.model)}:${JSON.stringify(spec)}`, () =>
      simulate(this.model, this.resolve(spec), { maxSteps: INTERACTIVE_MAX_STEPS }),
    );
  }

  value(name: string): number {
    const p = this.model.parameters.find((q) => q.name === name);
    return p ? (this.resolved.values[p.index] as number) : Number.NaN;
  }

  /** Hears every change of the run, with its reason. */
  onChange(listener: (why: string) => void): void {
    this.watch(
      (s) => s.session.run,
      (_run, _prev, why) => listener(why),
    );
  }

  /** Subscribes to a slice of the store for as long as this model is open. */
  watch<T>(select: (s: AppState) => T, fn: (value: T, previous: T, why: string) => void): void {
    if (this.closed) return;
    this.unsubscribe.push(this.store.subscribe(select, fn));
  }

  /** Sets one parameter; a value equal to the preset's drops the override so the link stays short. */
  setParam(name: string, value: number): void {
    const params = { ...this.session.run.params };
    if (value === this.presetValue(name)) delete params[name];
    else params[name] = value;
    this.setRun({ ...this.session.run, params }, `param:${name}`);
  }

  setProtocol(protocol: string): void {
    this.setRun({ ...this.session.run, protocol }, "protocol");
  }

  setActivity(activity: string): void {
    this.setRun({ ...this.session.run, activity }, "activity");
  }

  /** Loads a preset with its own values and input choices. */
  setPreset(id: string): void {
    this.setRun({ preset: id, params: {} }, "preset");
  }

  /** Back to the current preset's values. */
  reset(): void {
    this.setRun({ preset: this.resolved.preset?.id ?? defaultPreset(this.model)?.id, params: {} }, "reset");
  }

  /** Back to the model's defaults (the default preset). */
  resetAll(): void {
    this.setRun({ preset: defaultPreset(this.model)?.id, params: {} }, "reset-all");
  }

  restore(spec: RunSpec, why = "restore"): void {
    this.setRun(spec, why);
  }

  presetValue(name: string): number | undefined {
    const p = this.model.parameters.find((q) => q.name === name);
    if (!p) return undefined;
    return this.resolved.preset?.params[name] ?? p.default;
  }

  seed(key: SeedKey): number {
    return this.session.seeds[key];
  }

  setSeed(key: SeedKey, value: number): void {
    if (this.closed || this.session.seeds[key] === value) return;
    this.store.update(
      (s) => ({ ...s, session: { ...s.session, seeds: { ...s.session.seeds, [key]: value } } }),
      `seed:${key}`,
    );
  }

  /**
   * Every later change of the run passes through `guard` first (a class link's locks): it returns the
   * spec to apply, or throws a RunSpecError to refuse the change.
   */
  setGuard(guard: (spec: RunSpec, why: string) => RunSpec): void {
    this.guard = guard;
  }

  /** Ends every subscription and guard made through this view (the model is being closed). */
  dispose(): void {
    this.closed ??= this.store.state.session;
    for (const u of this.unsubscribe.splice(0)) u();
    this.guard = undefined;
  }

  private setRun(run: RunSpec, why: string): void {
    if (this.closed) return;
    this.store.update((s) => ({ ...s, session: { ...s.session, run } }), why);
  }
}

/** Drops input choices and overrides that only repeat the preset, so equal states compare equal. */
export function normalise(model: Model, spec: RunSpec): RunSpec {
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
