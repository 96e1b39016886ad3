import type { RunSpec, SimulationResult } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import type { PinEntry } from "../session/session.ts";
import { el } from "../ui/dom.ts";
import { COLORS, GHOST_BORDERS, GHOST_DASHES, MAX_PINS } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { Ghost } from "./time-course-figure.ts";

export interface Pin {
  id: number;
  spec: RunSpec;
  result: SimulationResult;
  color: string;
  dash: string;
  border: string;
  /** What the pinned run is: its preset and what it changed on top of it (fixed when pinned). */
  identity: string;
}

/** "Strong NE + u 0.3 µM, protocol train": a run's preset and what its spec changes on top of it. */
export function identityLabel(result: SimulationResult, spec: RunSpec): string {
  const model = result.model;
  const preset = model.presets.find((p) => p.id === result.presetId);
  const parts = Object.keys(spec.params ?? {}).flatMap((name) => {
    const p = model.parameters.find((q) => q.name === name);
    return p ? [`${p.name} ${showNumber(result.values[p.index] as number)}${unitSuffix(p.unit)}`] : [];
  });
  if (spec.protocol !== undefined) parts.push(`protocol ${result.protocol}`);
  if (spec.activity !== undefined) parts.push(`activity ${result.activity}`);
  const base = preset?.label ?? "model defaults";
  return parts.length ? `${base} + ${parts.join(", ")}` : base;
}

/** What differs between a pinned run and the current one, as "u 0.3 → 1 µM; protocol train → step". */
export function differenceLabel(pinned: SimulationResult, current: SimulationResult): string {
  const parts: string[] = [];
  for (const p of current.model.parameters) {
    const a = pinned.values[p.index] as number;
    const b = current.values[p.index] as number;
    if (a !== b) parts.push(`${p.name} ${showNumber(a)} → ${showNumber(b)}${unitSuffix(p.unit)}`);
  }
  if (pinned.protocol !== current.protocol) parts.push(`protocol ${pinned.protocol} → ${current.protocol}`);
  if (pinned.activity !== current.activity) parts.push(`activity ${pinned.activity} → ${current.activity}`);
  return parts.length ? parts.join("; ") : "same as current";
}

/** The pins after adding `spec`: the next number, the first ghost colour not in use. */
export function withPin(pins: readonly PinEntry[], spec: RunSpec): PinEntry[] {
  if (pins.length >= MAX_PINS) return [...pins];
  const used = new Set(pins.map((p) => p.slot));
  const slot = [...Array(MAX_PINS).keys()].find((k) => !used.has(k)) ?? 0;
  const id = pins.reduce((m, p) => Math.max(m, p.id), 0) + 1;
  return [...pins, { id, spec, slot }];
}

/**
 * Pinned runs, kept in the session (so undo, autosave and the JSON export see them) and drawn as ghosts
 * in the figures, each labelled by how it differs from the current run. A pin's result is derived
 * from its spec through the session's cache.
 */
export class PinBoard {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly pinButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private current: SimulationResult | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly state: RunState,
    private readonly exportCsv: (pin: Pin) => void,
  ) {
    this.pinButton = el("button", { type: "button", id: "pin", class: "primary", text: "Pin this run" });
    this.pinButton.addEventListener("click", () => this.pinCurrent());
    this.clearButton = el("button", { type: "button", id: "clear-pins", text: "Clear all pins" });
    this.clearButton.addEventListener("click", () => this.clear());
    this.list = el("ul", { class: "pin-list", id: "pin-list", "aria-live": "polite" });
    this.root = el(
      "section",
      { class: "pins", "aria-labelledby": "pins-title" },
      el(
        "div",
        { class: "pins-head" },
        el("h2", { id: "pins-title", text: "Compare" }),
        this.pinButton,
        this.clearButton,
      ),
      this.list,
    );
    state.watch(
      (s) => s.session.pins,
      () => this.changed(),
    );
    this.render();
  }

  get all(): Pin[] {
    return this.state.session.pins.flatMap((p) => {
      try {
        const result = this.state.result(p.spec);
        return [
          {
            id: p.id,
            spec: p.spec,
            result,
            color: COLORS.ghost[p.slot] ?? COLORS.ghost[0],
            dash: GHOST_DASHES[p.slot] ?? GHOST_DASHES[0],
            border: GHOST_BORDERS[p.slot] ?? GHOST_BORDERS[0],
            identity: identityLabel(result, p.spec),
          },
        ];
      } catch {
        // A pin whose run cannot be solved is listed by the notice that reported it, not drawn.
        return [];
      }
    });
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  ghosts(current: SimulationResult): Ghost[] {
    return this.all.map((p) => ({
      label: `pin ${p.id}: ${differenceLabel(p.result, current)}`,
      color: p.color,
      dash: p.dash,
      result: p.result,
    }));
  }

  pinCurrent(): void {
    if (this.state.session.pins.length >= MAX_PINS) return;
    const spec = this.state.current;
    this.update((pins) => withPin(pins, spec), "pin");
  }

  remove(id: number): void {
    this.update((pins) => pins.filter((p) => p.id !== id), "unpin");
  }

  clear(): void {
    if (this.state.session.pins.length) this.update(() => [], "clear-pins");
  }

  /** Relabels the pins against the run now shown. */
  setCurrent(result: SimulationResult): void {
    this.current = result;
    if (this.state.session.pins.length) this.render();
  }

  private update(fn: (pins: readonly PinEntry[]) => PinEntry[], why: string): void {
    this.state.store.update((s) => ({ ...s, session: { ...s.session, pins: fn(s.session.pins) } }), why);
  }

  private changed(): void {
    this.render();
    for (const l of this.listeners) l();
  }

  private render(): void {
    const pins = this.all;
    const full = pins.length >= MAX_PINS;
    this.pinButton.disabled = full;
    this.pinButton.title = full
      ? `At most ${MAX_PINS} pinned runs: remove one first`
      : "Keep this run as a ghost to compare with";
    this.clearButton.disabled = pins.length === 0;
    const items = pins.map((p) => {
      const label = this.current ? differenceLabel(p.result, this.current) : "";
      const remove = el("button", {
        type: "button",
        class: "small",
        "aria-label": `Remove pin ${p.id}`,
        text: "Remove",
      });
      remove.addEventListener("click", () => this.remove(p.id));
      const csv = el("button", {
        type: "button",
        class: "small",
        "aria-label": `Download pin ${p.id} as CSV`,
        text: "CSV",
      });
      csv.addEventListener("click", () => this.exportCsv(p));
      return el(
        "li",
        { class: "pin", "data-pin": String(p.id) },
        el("span", {
          class: "pin-swatch",
          style: `border-color:${p.color};border-top-style:${p.border}`,
          "aria-hidden": "true",
        }),
        el(
          "span",
          { class: "pin-label" },
          el("strong", { text: `Pin ${p.id}` }),
          ` ${p.identity} · ${p.result.model.readout.weight} end ${showNumber(p.result.summary.wEnd)} · vs now: ${label}`,
        ),
        csv,
        remove,
      );
    });
    this.list.replaceChildren(
      ...(items.length
        ? items
        : [
            el("li", {
              class: "pin-empty",
              text: `No pinned runs. Pin up to ${MAX_PINS} to compare them as ghosts, each in its own colour and dash.`,
            }),
          ]),
    );
  }
}
