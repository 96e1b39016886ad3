import type { Model, RunSpec } from "../../engine/index.ts";
import type { RunState } from "./run-state.ts";

/** Changes of the same kind closer together than this are one step (a key held on a slider). */
const COALESCE_MS = 1000;
const MAX_STEPS = 200;

interface Step {
  /** The state before the step. */
  before: RunSpec;
  why: string;
}

/**
 * Undo and redo over the run state: parameter changes, presets, input choices, Reset and Reset all.
 * A slider drag is one step: changes made while a pointer is held, or of the same kind in quick
 * succession, merge into the step they continue.
 */
export class UndoHistory {
  private readonly undoSteps: Step[] = [];
  private readonly redoSteps: Step[] = [];
  private last: RunSpec;
  private lastKey = "";
  private lastWhy = "";
  private lastAt = Number.NEGATIVE_INFINITY;
  private applying = false;
  private pointerDown = false;
  private gesture = 0;
  private lastGesture = -1;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly model: Model,
    private readonly state: RunState,
  ) {
    this.last = state.current;
    this.lastKey = JSON.stringify(this.last);
    state.onChange((why) => this.record(why));
    // Capture phase: a slider's own handlers must not hide the gesture from us.
    document.addEventListener(
      "pointerdown",
      () => {
        this.pointerDown = true;
        this.gesture++;
      },
      true,
    );
    for (const type of ["pointerup", "pointercancel"]) {
      document.addEventListener(
        type,
        () => {
          this.pointerDown = false;
        },
        true,
      );
    }
  }

  get canUndo(): boolean {
    return this.undoSteps.length > 0;
  }

  get canRedo(): boolean {
    return this.redoSteps.length > 0;
  }

  /** What Undo would take back, for the button's label ("change of u"). */
  get undoLabel(): string | undefined {
    const s = this.undoSteps.at(-1);
    return s && describe(this.model, s.why);
  }

  get redoLabel(): string | undefined {
    const s = this.redoSteps.at(-1);
    return s && describe(this.model, s.why);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Starts over from what is shown now (after a restored session: nothing before it to undo). */
  clear(): void {
    this.undoSteps.length = 0;
    this.redoSteps.length = 0;
    this.last = this.state.current;
    this.lastKey = JSON.stringify(this.last);
    this.lastAt = Number.NEGATIVE_INFINITY;
    this.emit();
  }

  undo(): boolean {
    return this.move(this.undoSteps, this.redoSteps);
  }

  redo(): boolean {
    return this.move(this.redoSteps, this.undoSteps);
  }

  private move(from: Step[], to: Step[]): boolean {
    const step = from.pop();
    if (!step) return false;
    const now = this.state.current;
    this.applying = true;
    try {
      this.state.restore(step.before, from === this.undoSteps ? "undo" : "redo");
    } catch {
      // A class link's lock refused the old state: the step stays where it was.
      from.push(step);
      return false;
    } finally {
      this.applying = false;
    }
    to.push({ before: now, why: step.why });
    this.last = this.state.current;
    this.lastKey = JSON.stringify(this.last);
    this.lastAt = Number.NEGATIVE_INFINITY;
    this.emit();
    return true;
  }

  private record(why: string): void {
    if (this.applying) return;
    const next = this.state.current;
    const key = JSON.stringify(next);
    if (key === this.lastKey) return; // a redraw request, a theme switch: nothing to undo
    const now = performance.now();
    const top = this.undoSteps.at(-1);
    const sameGesture = this.pointerDown && this.gesture === this.lastGesture;
    const continues = top !== undefined && why === this.lastWhy && (sameGesture || now - this.lastAt < COALESCE_MS);
    if (!continues) {
      this.undoSteps.push({ before: this.last, why });
      if (this.undoSteps.length > MAX_STEPS) this.undoSteps.shift();
    }
    this.redoSteps.length = 0;
    this.last = next;
    this.lastKey = key;
    this.lastWhy = why;
    this.lastAt = now;
    this.lastGesture = this.pointerDown ? this.gesture : -1;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** A change's reason, as RunState names it, in words for a button's label. */
function describe(model: Model, why: string): string {
  if (why.startsWith("param:")) {
    const name = why.slice("param:".length);
    const p = model.parameters.find((q) => q.name === name);
    return p ? `change of ${p.label} (${p.name})` : `change of ${name}`;
  }
  const words: Record<string, string> = {
    preset: "preset choice",
    protocol: "protocol choice",
    activity: "activity choice",
    reset: "Reset",
    "reset-all": "Reset all",
    import: "JSON import",
    autosave: "restore of your last session",
  };
  return words[why] ?? "last change";
}
