import type { Model } from "../../engine/index.ts";
import { type AppState, modelKey, snapshotOf, type UndoSnapshot } from "./session.ts";
import type { SessionStore } from "./session-store.ts";

/** Changes of the same kind, not made with a pointer, closer together than this are one step (a key held on a slider). */
const COALESCE_MS = 1000;
const MAX_STEPS = 200;

interface Step {
  /** The run, pins and seeds before the step. */
  before: UndoSnapshot;
  why: string;
}

interface Stacks {
  undo: Step[];
  redo: Step[];
}

/**
 * Undo and redo over the session: run (parameters, presets, input choices, Reset), pins and seeds,
 * each step with the reason it was made. Theme and view are not steps. Each model keeps its own
 * history, so opening another model and coming back keeps what can be undone.
 *
 * A slider drag is one step: changes made during one pointer gesture merge. Three drags are three
 * steps however close together. Without a pointer (keys held on a slider), changes of the same value
 * less than a second apart merge; other changes (a preset, an import, a reset) are each a step.
 */
/** Reasons of changes that come in runs (a slider's value, a seed's spinner): those may merge. */
const CONTINUOUS = ["param:", "seed:"];

export class UndoHistory {
  private readonly stacks = new Map<string, Stacks>();
  private current: Stacks = { undo: [], redo: [] };
  private last: UndoSnapshot;
  private lastKey: string;
  private lastWhy = "";
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastGesture = -1;
  private applying = false;
  private pointerDown = false;
  private gesture = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly store: SessionStore<AppState>,
    /** The open model, for the labels ("change of NE level (u)"). */
    private readonly model: () => Model | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.stacks.set(modelKey(store.state.model), this.current);
    this.last = snapshotOf(store.state.session);
    this.lastKey = JSON.stringify(this.last);
    store.subscribe(
      (s) => s.model,
      (ref) => {
        const key = modelKey(ref);
        let stacks = this.stacks.get(key);
        if (!stacks) {
          stacks = { undo: [], redo: [] };
          this.stacks.set(key, stacks);
        }
        this.current = stacks;
        this.rebase();
      },
    );
    store.subscribe(
      (s) => s.session,
      (session, _prev, why) => this.record(snapshotOf(session), why),
    );
  }

  /** Follows pointer gestures on `target` (the document), so one drag is one step. */
  trackPointer(target: EventTarget): void {
    // Capture phase: a slider's own handlers must not hide the gesture from us.
    target.addEventListener(
      "pointerdown",
      () => {
        this.pointerDown = true;
        this.gesture++;
      },
      true,
    );
    for (const type of ["pointerup", "pointercancel"]) {
      target.addEventListener(
        type,
        () => {
          this.pointerDown = false;
        },
        true,
      );
    }
  }

  get canUndo(): boolean {
    return this.current.undo.length > 0;
  }

  get canRedo(): boolean {
    return this.current.redo.length > 0;
  }

  /** What Undo would take back, for the button's label ("change of u"). */
  get undoLabel(): string | undefined {
    const s = this.current.undo.at(-1);
    return s && describe(this.model(), s.why);
  }

  get redoLabel(): string | undefined {
    const s = this.current.redo.at(-1);
    return s && describe(this.model(), s.why);
  }

  /** The reasons of the steps Undo would take back, oldest first. */
  get reasons(): string[] {
    return this.current.undo.map((s) => s.why);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Starts over from what is shown now (after a restored session: nothing before it to undo). */
  clear(): void {
    this.current.undo.length = 0;
    this.current.redo.length = 0;
    this.rebase();
  }

  undo(): boolean {
    return this.move(this.current.undo, this.current.redo, "undo");
  }

  redo(): boolean {
    return this.move(this.current.redo, this.current.undo, "redo");
  }

  private rebase(): void {
    this.last = snapshotOf(this.store.state.session);
    this.lastKey = JSON.stringify(this.last);
    this.lastAt = Number.NEGATIVE_INFINITY;
    this.emit();
  }

  private move(from: Step[], to: Step[], why: "undo" | "redo"): boolean {
    const step = from.pop();
    if (!step) return false;
    const now = snapshotOf(this.store.state.session);
    this.applying = true;
    try {
      this.store.update((s) => ({ ...s, session: { ...s.session, ...step.before } }), why);
    } catch {
      // A class link's lock refused the old state: the step stays where it was.
      from.push(step);
      return false;
    } finally {
      this.applying = false;
    }
    to.push({ before: now, why: step.why });
    this.rebase();
    return true;
  }

  private record(next: UndoSnapshot, why: string): void {
    if (this.applying) return;
    const key = JSON.stringify(next);
    if (key === this.lastKey) return; // lesson progress, a redraw request: nothing to undo
    const now = this.now();
    const top = this.current.undo.at(-1);
    const byPointer = this.pointerDown;
    // Only a value's own changes run on (a drag, a key held on a slider): two imports or two presets
    // are two steps however close together.
    const sameKind = top !== undefined && why === this.lastWhy && CONTINUOUS.some((p) => why.startsWith(p));
    const continues =
      sameKind &&
      (byPointer ? this.gesture === this.lastGesture : this.lastGesture === -1 && now - this.lastAt < COALESCE_MS);
    if (!continues) {
      this.current.undo.push({ before: this.last, why });
      if (this.current.undo.length > MAX_STEPS) this.current.undo.shift();
    }
    this.current.redo.length = 0;
    this.last = next;
    this.lastKey = key;
    this.lastWhy = why;
    this.lastAt = now;
    this.lastGesture = byPointer ? this.gesture : -1;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** A change's reason, as the session names it, in words for a button's label. */
function describe(model: Model | undefined, why: string): string {
  if (why.startsWith("param:")) {
    const name = why.slice("param:".length);
    const p = model?.parameters.find((q) => q.name === name);
    return p ? `change of ${p.label} (${p.name})` : `change of ${name}`;
  }
  if (why.startsWith("seed:")) return "seed change";
  if (why.startsWith("lesson")) return "lesson step";
  const words: Record<string, string> = {
    preset: "preset choice",
    protocol: "protocol choice",
    activity: "activity choice",
    reset: "Reset",
    "reset-all": "Reset all",
    import: "JSON import",
    pin: "pin",
    unpin: "removal of a pin",
    "clear-pins": "Clear all pins",
    autosave: "restore of your last session",
    "start-fresh": "start afresh",
  };
  return words[why] ?? "last change";
}
