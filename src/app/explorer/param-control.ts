import { checkValue, describeRange, type Model, type Parameter, parseNumber } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { type SliderScale, sliderScale } from "./slider-scale.ts";

/**
 * One parameter's control: a slider for exploring and a number box for exact entry. A typed value the
 * model cannot take is refused, never clamped, with the engine's own message beside the box.
 */
export class ParamControl {
  readonly root: HTMLElement;
  readonly slider: HTMLInputElement;
  readonly box: HTMLInputElement;
  private readonly message: HTMLElement;
  private readonly unusedNote: HTMLElement;
  private locked = false;
  private unused: string | undefined;
  private readonly scale: SliderScale;
  private shown = Number.NaN;

  constructor(
    private readonly model: Model,
    readonly param: Parameter,
    private readonly onValue: (name: string, value: number) => void,
  ) {
    const p = param;
    const id = `param-${p.name}`;
    this.scale = sliderScale(p);
    const descId = `${id}-desc`;
    const msgId = `${id}-msg`;
    const unit = unitSuffix(p.unit).trim();
    this.slider = el("input", {
      type: "range",
      id: `${id}-slider`,
      class: "param-slider",
      min: String(this.scale.min),
      max: String(this.scale.max),
      step: String(this.scale.step),
      "aria-label": `${p.label} (${p.name})${p.scale === "log" ? ", logarithmic" : ""}`,
      "aria-describedby": `${descId} ${id}-unused`,
      title: p.description,
    });
    this.box = el("input", {
      type: "text",
      id,
      class: "param-box",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": `${descId} ${msgId} ${id}-unused`,
      title: `${p.description} Range ${describeRange(p)}.`,
    });
    this.message = el("p", { class: "param-message", id: msgId, role: "status", "aria-live": "polite" });
    this.unusedNote = el("p", { class: "param-unused", id: `${id}-unused`, hidden: true });
    const label = el(
      "label",
      { for: id, title: p.description },
      el("span", { class: "param-label", text: p.label }),
      " ",
      el("span", { class: "param-symbol", text: p.name }),
    );
    this.root = el(
      "div",
      { class: "param", "data-param": p.name },
      el(
        "div",
        { class: "param-head" },
        label,
        el("span", { class: "param-changed", title: "changed from the preset", "aria-hidden": "true" }),
      ),
      el(
        "div",
        { class: "param-inputs" },
        this.slider,
        this.box,
        el("span", { class: "param-unit", "aria-hidden": unit ? undefined : "true", text: unit || "–" }),
      ),
      this.unusedNote,
      el("p", {
        class: "param-desc",
        id: descId,
        text: `${p.description} Range ${describeRange(p)}${p.scale === "log" ? " (log scale)" : ""}.`,
      }),
      this.message,
    );

    this.slider.addEventListener("input", () => {
      const v = this.scale.toValue(Number(this.slider.value));
      this.clearMessage();
      this.onValue(p.name, v);
    });
    this.box.addEventListener("change", () => this.commitBox());
    this.box.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        this.commitBox();
      } else if (e.key === "Escape") {
        this.box.value = showNumber(this.shown, 6);
        this.clearMessage();
      }
    });
  }

  /** Locked by a class link: neither mouse nor keyboard reaches it. */
  setLocked(locked: boolean): void {
    this.locked = locked;
    this.root.classList.toggle("is-locked", locked);
    this.applyDisabled();
  }

  /**
   * Unused by the run's protocol (`reason` says why, in one line): disabled until a protocol reads it,
   * so a student does not drag a control that moves nothing.
   */
  setUnused(reason: string | undefined): void {
    if (reason === this.unused) return;
    this.unused = reason;
    this.root.classList.toggle("is-unused", reason !== undefined);
    this.unusedNote.hidden = reason === undefined;
    this.unusedNote.textContent = reason ?? "";
    this.applyDisabled();
  }

  private applyDisabled(): void {
    const off = this.locked || this.unused !== undefined;
    this.slider.disabled = off;
    this.box.disabled = off;
  }

  /** Shows `value` (set from elsewhere: a preset, a link, another control). */
  show(value: number, changed: boolean): void {
    this.root.classList.toggle("is-changed", changed);
    if (value === this.shown) return;
    this.shown = value;
    this.slider.value = String(this.scale.toPosition(value));
    this.slider.setAttribute("aria-valuetext", `${showNumber(value)}${unitSuffix(this.param.unit)}`);
    if (document.activeElement !== this.box || !this.box.getAttribute("aria-invalid")) {
      this.box.value = showNumber(value, 6);
    }
  }

  private commitBox(): void {
    const p = this.param;
    const text = this.box.value;
    const v = parseNumber(text);
    const problem = Number.isNaN(v)
      ? `${p.name}: "${text.trim()}" is not a number; enter a value from ${describeRange(p)}`
      : checkValue(this.model, p.name, v);
    if (problem) {
      this.box.setAttribute("aria-invalid", "true");
      this.message.textContent = problem;
      this.root.classList.add("has-error");
      return;
    }
    this.clearMessage();
    if (v !== this.shown) this.onValue(p.name, v);
  }

  private clearMessage(): void {
    this.box.removeAttribute("aria-invalid");
    this.message.textContent = "";
    this.root.classList.remove("has-error");
  }
}
