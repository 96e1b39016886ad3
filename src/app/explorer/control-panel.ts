import { ACTIVITY_MODES, type Model, PROTOCOLS, protocolFixedNote, unusedByProtocol } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { ParamControl } from "./param-control.ts";

/** "Step: the level is held…" → "Step", for a picker narrow enough for the side panel. */
function shortName(text: string): string {
  return text.split(":")[0] ?? text;
}

/** "Step: the level is held…" → "The level is held…". */
function explanation(text: string): string {
  const rest = text.split(": ").slice(1).join(": ");
  return rest ? rest[0]?.toUpperCase() + rest.slice(1) : text;
}

/**
 * The left-hand panel, generated from the model: preset, input choices, then one group of parameter
 * controls per `group` in the model file, fixed parameters listed read-only under their own heading.
 */
export class ControlPanel {
  readonly root: HTMLElement;
  private readonly controls = new Map<string, ParamControl>();
  private readonly groups = new Map<string, HTMLDetailsElement>();
  private readonly presetSelect: HTMLSelectElement;
  private readonly presetPurpose: HTMLElement;
  private readonly protocolSelect: HTMLSelectElement;
  private readonly activitySelect: HTMLSelectElement;
  private readonly protocolHint: HTMLElement;
  private readonly activityHint: HTMLElement;
  /** Controls a class link hides: the filter never shows them. */
  private classHidden: ReadonlySet<string> = new Set();
  /** A class link's free controls, gathered above the groups (absent when nothing is locked). */
  private freeGroup: HTMLDetailsElement | undefined;
  /** Which groups were open before a filter opened the ones with matches, to restore when it is cleared. */
  private openBeforeFilter: Map<string, boolean> | undefined;

  constructor(
    private readonly model: Model,
    private readonly state: RunState,
  ) {
    this.presetSelect = el(
      "select",
      { id: "preset", "aria-describedby": "preset-purpose" },
      ...model.presets.map((p) => el("option", { value: p.id, text: p.label, title: p.purpose })),
    );
    this.presetPurpose = el("p", { id: "preset-purpose", class: "preset-purpose" });
    this.presetSelect.addEventListener("change", () => state.setPreset(this.presetSelect.value));

    this.protocolHint = el("p", { id: "protocol-hint", class: "preset-purpose" });
    this.activityHint = el("p", { id: "activity-hint", class: "preset-purpose" });
    this.protocolSelect = el(
      "select",
      { id: "protocol", "aria-describedby": "protocol-hint" },
      ...Object.entries(PROTOCOLS).map(([id, text]) => el("option", { value: id, text: shortName(text), title: text })),
    );
    this.protocolSelect.addEventListener("change", () => state.setProtocol(this.protocolSelect.value));
    this.activitySelect = el(
      "select",
      { id: "activity", "aria-describedby": "activity-hint" },
      ...Object.entries(ACTIVITY_MODES).map(([id, text]) =>
        el("option", { value: id, text: shortName(text), title: text }),
      ),
    );
    this.activitySelect.addEventListener("change", () => state.setActivity(this.activitySelect.value));

    const reset = el("button", {
      type: "button",
      id: "reset",
      title: "Back to the values of the selected preset",
      text: "Reset",
    });
    reset.addEventListener("click", () => state.reset());
    const resetAll = el("button", {
      type: "button",
      id: "reset-all",
      title: "Back to the model's defaults",
      text: "Reset all",
    });
    resetAll.addEventListener("click", () => state.resetAll());

    const top = el(
      "section",
      { class: "panel-block", "aria-label": "Experiment" },
      el("label", { for: "preset", class: "block-label", text: "Preset" }),
      this.presetSelect,
      this.presetPurpose,
      el("label", {
        for: "protocol",
        class: "block-label",
        text: model.inputs.find((i) => i.kind === "protocol")?.label ?? "Protocol",
      }),
      this.protocolSelect,
      this.protocolHint,
      el("label", {
        for: "activity",
        class: "block-label",
        text: model.inputs.find((i) => i.kind === "activity")?.label ?? "Activity",
      }),
      this.activitySelect,
      this.activityHint,
      el("div", { class: "button-row" }, reset, resetAll),
    );

    const groupNames = [...new Set(model.parameters.filter((p) => !p.fixed).map((p) => p.group))];
    // Open on first load: the group of the dose parameter, the one a lesson starts with.
    const openGroup = model.parameters.find((p) => p.name === model.display.dose)?.group;
    const groupEls = groupNames.map((g) => {
      const details = el(
        "details",
        { class: "param-group", open: g === openGroup },
        el("summary", {}, el("span", { text: g })),
      );
      for (const p of model.parameters.filter((q) => q.group === g && !q.fixed)) {
        const c = new ParamControl(model, p, (name, v) => state.setParam(name, v));
        this.controls.set(p.name, c);
        details.append(c.root);
      }
      this.groups.set(g, details);
      return details;
    });
    const fixed = model.parameters.filter((p) => p.fixed);
    const advanced = fixed.length
      ? el(
          "details",
          { class: "param-group fixed-group" },
          el("summary", {}, el("span", { text: "Fixed parameters (read-only)" })),
          el(
            "dl",
            { class: "fixed-list" },
            ...fixed.flatMap((p) => [
              el("dt", { title: p.description, text: `${p.label} (${p.name})` }),
              el("dd", { text: `${showNumber(p.default, 6)}${unitSuffix(p.unit)} — ${p.description}` }),
            ]),
          ),
        )
      : null;

    const filter = el("input", {
      type: "search",
      id: "param-filter",
      class: "param-filter",
      placeholder: "Find a parameter by name or label",
      "aria-label": "Find a parameter by name or label",
      autocomplete: "off",
    });
    filter.addEventListener("input", () => this.filter(filter.value));
    this.root = el("div", { class: "control-panel" }, top, filter, ...groupEls, advanced);
    this.refresh();
  }

  /** Brings one parameter's control into view and focuses its slider (used by the equations). */
  focusParam(name: string): boolean {
    const c = this.controls.get(name);
    if (!c) return false;
    const g = c.root.closest("details");
    if (g) g.open = true;
    c.root.scrollIntoView({ block: "center", behavior: "smooth" });
    c.slider.focus({ preventScroll: true });
    c.root.classList.remove("flash");
    void c.root.offsetWidth; // restarts the highlight animation
    c.root.classList.add("flash");
    return true;
  }

  /**
   * Shows only the parameters whose name, label or description contains `text` (any case), opening the
   * groups that hold one; an empty text shows them all again, with the groups as they were.
   */
  filter(text: string): void {
    const q = text.trim().toLowerCase();
    if (q && !this.openBeforeFilter) {
      this.openBeforeFilter = new Map([...this.allGroups()].map(([g, d]) => [g, d.open]));
    }
    for (const [name, c] of this.controls) {
      const p = c.param;
      const match = !q || [p.name, p.label, p.description].some((t) => t.toLowerCase().includes(q));
      c.root.hidden = this.classHidden.has(name) || !match;
    }
    for (const [g, details] of this.allGroups()) {
      const shown = [...details.querySelectorAll<HTMLElement>(".param")].some((e) => !e.hidden);
      details.hidden = !shown;
      if (q) details.open = shown;
      else if (this.openBeforeFilter) details.open = this.openBeforeFilter.get(g) ?? false;
    }
    if (!q) this.openBeforeFilter = undefined;
  }

  hasControl(name: string): boolean {
    return this.controls.has(name);
  }

  /**
   * A class link's restrictions: locked controls are disabled (so neither mouse nor keyboard reaches
   * them; the run state keeps their values), hidden ones are left out, and so is a group left empty.
   * Names are parameters or "preset", "protocol", "activity".
   */
  restrict(locked: ReadonlySet<string>, hidden: ReadonlySet<string>): void {
    this.classHidden = hidden;
    const pickers = { preset: this.presetSelect, protocol: this.protocolSelect, activity: this.activitySelect };
    for (const [name, select] of Object.entries(pickers)) {
      const hide = hidden.has(name);
      select.disabled = locked.has(name) || hide;
      select.title = select.disabled ? "Locked by the class link" : "";
      for (const e of [select, this.root.querySelector(`label[for="${select.id}"]`), select.nextElementSibling]) {
        if (e instanceof HTMLElement) e.hidden = hide;
      }
    }
    for (const [name, c] of this.controls) {
      c.setLocked(locked.has(name) || hidden.has(name));
      c.root.hidden = hidden.has(name);
    }
    const free = locked.size
      ? [...this.controls.values()].filter((c) => !locked.has(c.param.name) && !hidden.has(c.param.name))
      : [];
    this.gatherFree(free);
    // With some controls locked, the free ones are in view and the groups of locked ones close.
    for (const g of this.groups.values()) {
      const params = [...g.querySelectorAll<HTMLElement>(".param")];
      g.hidden = params.every((e) => e.hidden);
      if (locked.size || hidden.size) g.open = params.some((e) => !e.classList.contains("is-locked"));
    }
  }

  /**
   * Puts a class link's free controls first, in a group of their own above the others (in the file's
   * order), so a student finds the two or three they may move without scrolling past the locked ones.
   * With none, every control goes back to its own group.
   */
  private gatherFree(free: ParamControl[]): void {
    for (const c of this.controls.values()) this.groups.get(c.param.group)?.append(c.root);
    this.freeGroup?.remove();
    this.freeGroup = undefined;
    if (!free.length) return;
    this.freeGroup = el(
      "details",
      { class: "param-group free-group", id: "free-controls", open: true },
      el("summary", {}, el("span", { text: "Yours to change" })),
      ...free.map((c) => c.root),
    );
    const first = this.groups.values().next().value;
    first?.before(this.freeGroup);
  }

  /** The groups in the panel, the class link's free group first when there is one. */
  private allGroups(): Map<string, HTMLDetailsElement> {
    return new Map([...(this.freeGroup ? [["", this.freeGroup] as const] : []), ...this.groups]);
  }

  /**
   * Once a value differs from the selected preset's, the preset is marked "modified" in the menu and
   * its description says what changed, so neither claims values the run no longer has.
   */
  private showPresetChanges(id: string | undefined, purpose: string): void {
    const spec = this.state.session.run;
    const changed = [
      ...Object.keys(spec.params ?? {}),
      ...(spec.protocol !== undefined ? ["protocol"] : []),
      ...(spec.activity !== undefined ? ["activity"] : []),
    ];
    for (const option of this.presetSelect.options) {
      const preset = this.model.presets.find((p) => p.id === option.value);
      if (!preset) continue;
      const modified = option.value === id && changed.length > 0;
      option.textContent = modified ? `${preset.label} (modified)` : preset.label;
    }
    this.presetSelect.dataset.modified = String(changed.length > 0);
    this.presetPurpose.textContent = changed.length
      ? `Modified: ${changed.join(", ")} ${changed.length === 1 ? "differs" : "differ"} from this preset, which is: ${purpose}`
      : purpose;
  }

  /** Shows the state's values; called by the redraw, so a drag updates controls and plots in one frame. */
  refresh(): void {
    const run = this.state.resolved;
    this.presetSelect.value = run.preset?.id ?? "";
    this.showPresetChanges(run.preset?.id, run.preset?.purpose ?? "");
    this.protocolSelect.value = run.protocol;
    this.activitySelect.value = run.activity;
    const fixedNote = protocolFixedNote(this.model, run);
    this.protocolHint.textContent = `${explanation(PROTOCOLS[run.protocol])}${fixedNote ? ` ${fixedNote}` : ""}`;
    this.activityHint.textContent = explanation(ACTIVITY_MODES[run.activity]);
    const unused = unusedByProtocol(this.model, run, run.values);
    for (const [name, c] of this.controls) {
      const v = run.values[c.param.index] as number;
      c.show(v, v !== this.state.presetValue(name));
      c.setUnused(unused.get(name));
    }
  }
}
