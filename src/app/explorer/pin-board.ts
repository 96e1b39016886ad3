import type { RunSpec, SimulationResult } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";
import { COLORS, MAX_PINS } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { Ghost } from "./time-course-figure.ts";

export interface Pin {
  id: number;
  spec: RunSpec;
  result: SimulationResult;
  color: string;
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

/** Pinned runs: kept as ghosts in the figures, each labelled by how it differs from the current run. */
export class PinBoard {
  readonly root: HTMLElement;
  private pins: Pin[] = [];
  private nextId = 1;
  private readonly list: HTMLElement;
  private readonly pinButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private current: SimulationResult | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly getCurrent: () => { spec: RunSpec; result: SimulationResult } | undefined,
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
    this.render();
  }

  get all(): readonly Pin[] {
    return this.pins;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  ghosts(current: SimulationResult): Ghost[] {
    return this.pins.map((p) => ({
      label: `pin ${p.id}: ${differenceLabel(p.result, current)}`,
      color: p.color,
      result: p.result,
    }));
  }

  pinCurrent(): void {
    const cur = this.getCurrent();
    if (!cur || this.pins.length >= MAX_PINS) return;
    const used = new Set(this.pins.map((p) => p.color));
    const color = COLORS.ghost.find((c) => !used.has(c)) ?? COLORS.ghost[0];
    this.pins.push({ id: this.nextId++, spec: cur.spec, result: cur.result, color });
    this.changed();
  }

  add(spec: RunSpec, result: SimulationResult): void {
    if (this.pins.length >= MAX_PINS) return;
    const used = new Set(this.pins.map((p) => p.color));
    const color = COLORS.ghost.find((c) => !used.has(c)) ?? COLORS.ghost[0];
    this.pins.push({ id: this.nextId++, spec, result, color });
    this.changed();
  }

  remove(id: number): void {
    this.pins = this.pins.filter((p) => p.id !== id);
    this.changed();
  }

  clear(): void {
    this.pins = [];
    this.changed();
  }

  /** Relabels the pins against the run now shown. */
  setCurrent(result: SimulationResult): void {
    this.current = result;
    if (this.pins.length) this.render();
  }

  private changed(): void {
    this.render();
    for (const l of this.listeners) l();
  }

  private render(): void {
    const full = this.pins.length >= MAX_PINS;
    this.pinButton.disabled = full;
    this.pinButton.title = full
      ? `At most ${MAX_PINS} pinned runs: remove one first`
      : "Keep this run as a ghost to compare with";
    this.clearButton.disabled = this.pins.length === 0;
    const items = this.pins.map((p) => {
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
        el("span", { class: "pin-swatch", style: `border-color:${p.color}`, "aria-hidden": "true" }),
        el(
          "span",
          { class: "pin-label" },
          el("strong", { text: `Pin ${p.id}` }),
          ` ${p.result.model.readout.weight} end ${showNumber(p.result.summary.wEnd)} · ${label}`,
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
              text: `No pinned runs. Pin up to ${MAX_PINS} to compare them as dotted ghosts.`,
            }),
          ]),
    );
  }
}
