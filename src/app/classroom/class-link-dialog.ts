import { type Model, resolveRun } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import { classKeys, classLinkUrl, controlNames, type Theme, tooLong } from "./class-link.ts";
import type { LessonEntry } from "./lesson-catalogue.ts";
import { qrCodeSvg } from "./qr-code.ts";

type Mode = "free" | "locked" | "hidden";

const RUN_CONTROL_LABELS: Record<string, string> = {
  preset: "Preset",
  protocol: "Protocol",
  activity: "Activity",
};

export interface DialogDefaults {
  lesson: string | undefined;
  theme: Theme;
  seed: number | undefined;
  locked: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
}

/**
 * "Share for class": builds a link (and its QR code) that opens the current settings or a lesson, with
 * chosen controls locked or hidden, the projector theme on or off and the seed fixed.
 */
export class ClassLinkDialog {
  readonly root: HTMLDialogElement;
  private readonly modes = new Map<string, HTMLSelectElement>();
  private readonly opens: HTMLSelectElement;
  private readonly projector: HTMLInputElement;
  private readonly seedOn: HTMLInputElement;
  private readonly seed: HTMLInputElement;
  private readonly output: HTMLTextAreaElement;
  private readonly qr: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly openLink: HTMLAnchorElement;

  constructor(
    private readonly model: Model,
    private readonly state: RunState,
    private readonly lessons: LessonEntry[],
  ) {
    this.opens = el(
      "select",
      { id: "class-opens" },
      el("option", { value: "", text: "The current settings" }),
      el(
        "optgroup",
        { label: "A preset" },
        ...model.presets.map((p) => el("option", { value: `preset:${p.id}`, text: p.label })),
      ),
      el(
        "optgroup",
        { label: "A lesson" },
        ...lessons
          .filter((l) => l.lesson)
          .map((l) => el("option", { value: `lesson:${l.name}`, text: l.lesson?.title ?? l.name })),
      ),
    );
    this.opens.addEventListener("change", () => {
      const free = this.lessonFree();
      if (free) this.applyFree(free);
      this.update();
    });

    const rows = controlNames(model).map((name) => {
      const p = model.parameters.find((q) => q.name === name);
      const select = el(
        "select",
        { id: `class-mode-${name}`, "data-control": name, "aria-label": `${p?.label ?? RUN_CONTROL_LABELS[name]}` },
        el("option", { value: "free", text: "Free" }),
        el("option", { value: "locked", text: "Locked" }),
        el("option", { value: "hidden", text: "Hidden" }),
      );
      select.addEventListener("change", () => this.update());
      this.modes.set(name, select);
      return el(
        "tr",
        {},
        el(
          "th",
          { scope: "row" },
          el("span", { class: "param-symbol", text: p ? name : "" }),
          ` ${p?.label ?? RUN_CONTROL_LABELS[name]}`,
        ),
        el("td", {}, select),
      );
    });
    const bulk = (text: string, mode: Mode) => {
      const b = el("button", { type: "button", class: "small", text });
      b.addEventListener("click", () => {
        for (const s of this.modes.values()) s.value = mode;
        this.update();
      });
      return b;
    };
    const lessonFree = el("button", {
      type: "button",
      class: "small",
      id: "class-lesson-free",
      text: "Only the lesson's controls free",
    });
    lessonFree.addEventListener("click", () => {
      const free = this.lessonFree();
      if (free) this.applyFree(free);
      this.update();
    });

    this.projector = el("input", { type: "checkbox", id: "class-projector" });
    this.projector.addEventListener("change", () => this.update());
    this.seedOn = el("input", { type: "checkbox", id: "class-seed-on" });
    this.seed = el("input", { type: "text", id: "class-seed", inputmode: "numeric", value: "1", size: "8" });
    this.seedOn.addEventListener("change", () => this.update());
    this.seed.addEventListener("input", () => this.update());

    this.output = el("textarea", { id: "class-link-url", readonly: true, rows: "4", spellcheck: "false" });
    this.qr = el("div", { class: "class-link-qr", id: "class-link-qr" });
    this.problems = el("div", { class: "class-link-problems", role: "alert" });
    const copy = el("button", { type: "button", id: "class-link-copy", text: "Copy link" });
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(this.output.value);
        copy.textContent = "Copied";
      } catch {
        this.output.select();
        copy.textContent = "Select and copy";
      }
      setTimeout(() => {
        copy.textContent = "Copy link";
      }, 2000);
    });
    this.openLink = el("a", {
      id: "class-link-open-tab",
      target: "_blank",
      rel: "noopener",
      class: "button-link",
      text: "Open in a new tab",
    });
    const close = el("button", { type: "button", id: "class-link-close", text: "Close" });
    close.addEventListener("click", () => this.root.close());

    this.root = el(
      "dialog",
      { class: "class-link-dialog", id: "class-link-dialog", "aria-labelledby": "class-link-title" },
      el("h2", { id: "class-link-title", text: "Share for class" }),
      el(
        "div",
        { class: "class-link-grid" },
        el(
          "div",
          { class: "class-link-options" },
          el("label", { for: "class-opens", class: "block-label", text: "Opens" }),
          this.opens,
          el("p", {
            class: "hint",
            text: "A lesson link also carries the current settings; the lesson then sets up each of its steps.",
          }),
          el("label", { class: "check-row" }, this.projector, " Projector theme (large type, high contrast)"),
          el("label", { class: "check-row" }, this.seedOn, " Fix the seed of the random analyses: ", this.seed),
          el("p", { class: "block-label", text: "Controls" }),
          el("div", { class: "button-row" }, bulk("All free", "free"), bulk("Lock all", "locked"), lessonFree),
          el(
            "div",
            { class: "class-link-table-wrap" },
            el("table", { class: "class-link-table" }, el("tbody", {}, ...rows)),
          ),
        ),
        el(
          "div",
          { class: "class-link-result" },
          el("label", { for: "class-link-url", class: "block-label", text: "Class link" }),
          this.output,
          el("div", { class: "button-row" }, copy, this.openLink),
          this.problems,
          this.qr,
          el("p", {
            class: "hint",
            text: "Locked controls cannot be changed from the page or by importing a file; hidden ones are also left out of the page. A link with locks carries a check of its class settings: if the locks in the link are edited by hand, the check fails and the link opens with every control free and a notice saying the link was changed. The check stops accidental or casual edits, not a determined student: it has no secret, so someone who reads this app's source can compute a new one.",
          }),
        ),
      ),
      el("div", { class: "dialog-actions" }, close),
    );
  }

  open(defaults: DialogDefaults): void {
    this.opens.value = defaults.lesson ? `lesson:${defaults.lesson}` : "";
    for (const [name, s] of this.modes) {
      s.value = defaults.hidden.has(name) ? "hidden" : defaults.locked.has(name) ? "locked" : "free";
    }
    if (defaults.locked.size === 0 && defaults.lesson) {
      const free = this.lessonFree();
      if (free) this.applyFree(free);
    }
    this.projector.checked = defaults.theme === "projector";
    this.seedOn.checked = defaults.seed !== undefined;
    this.seed.value = String(defaults.seed ?? 1);
    this.update();
    this.root.showModal();
  }

  private lessonFree(): string[] | undefined {
    return this.lessons.find((l) => `lesson:${l.name}` === this.opens.value)?.lesson?.free;
  }

  private applyFree(free: readonly string[]): void {
    for (const [name, s] of this.modes) s.value = free.includes(name) ? "free" : "locked";
  }

  private update(): void {
    const locked = new Set<string>();
    const hidden = new Set<string>();
    for (const [name, s] of this.modes) {
      if (s.value === "locked") locked.add(name);
      if (s.value === "hidden") hidden.add(name);
    }
    const problems: string[] = [];
    let seed: number | undefined;
    if (this.seedOn.checked) {
      const v = Number(this.seed.value.trim());
      if (this.seed.value.trim() === "" || !Number.isInteger(v) || v < 0 || v > 4294967295) {
        problems.push("The seed must be a whole number from 0 to 4294967295.");
      } else seed = v;
    }
    this.seed.setAttribute("aria-invalid", String(this.seedOn.checked && seed === undefined));
    const [kind, name] = this.opens.value.split(":");
    const run = kind === "preset" ? resolveRun(this.model, { preset: name }) : this.state.resolved;
    const keys = classKeys(this.model, run, {
      lesson: kind === "lesson" ? name : undefined,
      locked,
      hidden,
      theme: this.projector.checked ? "projector" : "standard",
      seed,
    });
    problems.push(...tooLong(keys).map((p) => `${p}: lock or free fewer controls by name.`));
    const url = classLinkUrl(run, keys);
    this.output.value = url;
    this.openLink.href = url;
    this.problems.replaceChildren(...problems.map((p) => el("p", { class: "notice notice-error", text: p })));
    const svg = qrCodeSvg(url, "QR code of the class link");
    this.qr.replaceChildren(svg ?? el("p", { class: "hint", text: "The link is too long for a QR code." }));
  }
}
