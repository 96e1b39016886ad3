import { type Model, type ResolvedRun, type RunSpec, RunSpecError, resolveRun } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { lockedValues, lockSpec } from "./class-link.ts";

/**
 * Keeps a class link's locked controls at their values whatever asks to change them: a preset, a reset,
 * a URL or a JSON import. An import that would change a locked value is refused as a whole, naming each
 * value, so nobody reads numbers from a file that the app is not showing. Only the steps of the link's
 * own lesson set locked values (the instructor chose them); any other lesson's steps are held to the locks.
 */
export class ClassLock {
  private values: Record<string, string | number>;
  /** What the last silent correction replaced, for a notice. */
  lastKept: string[] = [];

  constructor(
    private readonly model: Model,
    readonly locked: ReadonlySet<string>,
    run: ResolvedRun,
    private readonly lesson: string | undefined,
  ) {
    this.values = lockedValues(run, locked);
  }

  get active(): boolean {
    return this.locked.size > 0;
  }

  attach(state: RunState): void {
    if (!this.active) return;
    state.setGuard((spec, why) => this.guard(spec, why));
  }

  private guard(spec: RunSpec, why: string): RunSpec {
    if (this.lesson !== undefined && why === `lesson:${this.lesson}`) {
      this.values = lockedValues(resolveRun(this.model, spec), this.locked);
      return spec;
    }
    const changes: { name: string; asked: string; kept: string }[] = [];
    const requested = resolveRun(this.model, spec);
    const asked = lockedValues(requested, this.locked);
    // Compare resolved values, so a preset that changes a locked parameter counts as asking to change it.
    const explicit: RunSpec = { ...spec, params: { ...spec.params } };
    for (const [name, v] of Object.entries(asked)) {
      if (name === "preset" || name === "protocol" || name === "activity") explicit[name] = String(v);
      else (explicit.params as Record<string, number>)[name] = v as number;
    }
    if (!this.locked.has("preset")) explicit.preset = requested.preset?.id;
    const out = lockSpec(this.model, explicit, this.locked, this.values, (name, a, k) =>
      changes.push({ name, asked: a, kept: k }),
    );
    if (why === "import" && changes.length) {
      throw new RunSpecError(
        changes.map((c) => ({
          name: c.name,
          message: `${c.name} is locked by the class link at ${c.kept}; the file has ${c.asked}, so nothing was imported`,
        })),
      );
    }
    this.lastKept = changes.map((c) => `${c.name} stays at ${c.kept}`);
    return out;
  }
}
