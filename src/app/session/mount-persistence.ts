import "./persistence.css";
import { type Model, type SimulationResult, simulate } from "../../engine/index.ts";
import { DataTableToggle, type TableData } from "../accessibility/data-table.ts";
import { plottedTable, timeCourseTable } from "../accessibility/figure-tables.ts";
import { LiveSummaries } from "../accessibility/live-summaries.ts";
import { doseTableCaption, ruleTableCaption } from "../explorer/model-text.ts";
import type { PinBoard } from "../explorer/pin-board.ts";
import { el } from "../ui/dom.ts";
import type { Notices } from "../ui/notices.ts";
import { Autosave, type AutosaveSlot } from "./autosave.ts";
import { historyBar } from "./history-bar.ts";
import { installShortcuts } from "./keyboard-shortcuts.ts";
import type { RunState } from "./run-state.ts";
import { savedPinSpecs, savedRunSpec } from "./saved-run.ts";
import { UndoHistory } from "./undo-history.ts";

export interface SafetyContext {
  model: Model;
  state: RunState;
  pins: PinBoard;
  notices: Notices;
  /** The run the time courses show now. */
  result(): SimulationResult | undefined;
  figures: { time: HTMLElement; rule: HTMLElement; dose: HTMLElement };
  /** The controls column: the Undo and Redo buttons go at its top. */
  controls: HTMLElement;
}

export interface Safety {
  autosave: Autosave;
  history: UndoHistory;
}

/** The query the page was opened with, read before any view rewrites the address bar. */
const OPENED_WITH = location.search;

let mounted: Autosave | undefined;
const early: [string, AutosaveSlot][] = [];

/**
 * Adds a slot to the saved session (e.g. lesson progress): `get` is read at each save, `set` receives
 * the saved value on restore and throws to refuse it. Callable before or after the app mounts; call
 * `autosaveChanged()` when the slot's value changes.
 */
export function registerAutosaveSlot(key: string, slot: AutosaveSlot): void {
  if (mounted) mounted.register(key, slot);
  else early.push([key, slot]);
}

/** Tells the autosave that a registered slot changed. */
export function autosaveChanged(): void {
  mounted?.changed();
}

/** This tab's id, kept in history.state: a reload keeps it; a new tab, or a link pasted into this one, gets a new one. */
function tabId(): string {
  const st = history.state as { plasticityTab?: unknown } | null;
  if (typeof st?.plasticityTab === "string") return st.plasticityTab;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  history.replaceState({ ...(st ?? {}), plasticityTab: id }, "", location.href);
  return id;
}

function store(kind: "localStorage" | "sessionStorage"): Storage | undefined {
  try {
    return window[kind];
  } catch {
    // Storage blocked by the browser's settings: the app works, it just cannot save.
    return undefined;
  }
}

function timeOfDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? "earlier"
    : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A button inside the notice shown under `key` (the notices only carry text). */
function noticeButton(notices: Notices, key: string, text: string, onClick: () => void): void {
  const box = notices.root.querySelector<HTMLElement>(`.notice[data-key="${key}"] > div`);
  if (!box) return;
  const b = el("button", { type: "button", class: "small notice-action", text });
  b.addEventListener("click", () => {
    notices.dismiss(key);
    onClick();
  });
  box.append(b);
}

/**
 * Autosave and restore of the session, undo and redo, and the accessible views of the time courses
 * (text summaries and data tables). Call once the other views are mounted and before the first draw.
 */
export function mountSafety(ctx: SafetyContext): Safety {
  const { model, state, pins, notices, figures } = ctx;

  const history = new UndoHistory(model, state);
  ctx.controls.prepend(historyBar(history));
  installShortcuts({ undo: () => history.undo(), redo: () => history.redo() });

  const autosave = new Autosave({
    storage: store("localStorage"),
    tabStorage: store("sessionStorage"),
    modelId: model.id,
    search: OPENED_WITH,
    tab: tabId(),
    onProblem: (title, lines) => notices.show(title, lines, "warning", "autosave-problem"),
  });
  autosave.register("run", {
    get: () => state.current,
    set: (v) => state.restore(savedRunSpec(model, v), "autosave"),
  });
  autosave.register("pins", {
    get: () => pins.all.map((p) => p.spec),
    set: (v) => {
      const { specs, dropped } = savedPinSpecs(model, v);
      pins.clear();
      for (const spec of specs) pins.add(spec, simulate(model, spec));
      if (dropped.length) throw new Error(dropped.join("; "));
    },
  });
  for (const [key, slot] of early.splice(0)) autosave.register(key, slot);
  mounted = autosave;

  const outcome = autosave.start();
  let runKey = JSON.stringify(state.current);
  // What was restored is where this visit starts: nothing before it to undo.
  history.clear();
  // A partial restore is reported by the autosave itself, naming what was left out.
  if (outcome.kind === "restored" && outcome.problems.length === 0) {
    notices.show(`Restored your last session (saved ${timeOfDay(outcome.savedAt)}).`, [], "warning", "autosave");
    noticeButton(notices, "autosave", "Start fresh instead", () => {
      state.resetAll();
      pins.clear();
    });
  } else if (outcome.kind === "link-wins") {
    notices.show(
      `Opened the link. Your last session (saved ${timeOfDay(outcome.savedAt)}) is kept until you change something here.`,
      [],
      "warning",
      "autosave",
    );
    noticeButton(notices, "autosave", "Restore last session instead", () => {
      // Undoable: one Ctrl+Z goes back to what the link showed.
      const again = autosave.restoreSaved();
      if (again.kind === "unreadable") {
        notices.show("Your saved session could not be restored:", again.problems, "warning", "autosave-problem");
      }
    });
  }

  // Only real changes count: a redraw request with the same spec must not end a link's protection.
  state.onChange(() => {
    const key = JSON.stringify(state.current);
    if (key === runKey) return;
    runKey = key;
    notices.dismiss("autosave");
    autosave.changed();
  });
  pins.onChange(() => autosave.changed());
  autosave.attachPageEvents();

  const summaries = new LiveSummaries();
  figures.time.after(summaries.root);
  document.addEventListener("plasticity:drawn", () => {
    const r = ctx.result();
    if (r) summaries.update(r);
  });

  const tables: [HTMLElement, string, () => TableData | undefined][] = [
    [
      figures.time,
      "time courses",
      () => {
        const r = ctx.result();
        return r && timeCourseTable(r);
      },
    ],
    [figures.rule, "rule curves", () => plottedTable(figures.rule, ruleTableCaption(model), 10)],
    [figures.dose, "dose-response", () => plottedTable(figures.dose, doseTableCaption(model), 1)],
  ];
  for (const [figure, name, read] of tables) {
    const toggle = new DataTableToggle(figure, name, read);
    (figure === figures.time ? summaries.root : figure).after(toggle.root);
  }

  return { autosave, history };
}
