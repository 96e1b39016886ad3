import {
  ACTIVITY_MODES,
  findPreset,
  type Lesson,
  type LessonStep,
  listReadouts,
  type Model,
  OUTCOME_READOUT,
  OUTCOME_TEXT,
  type Outcome,
  PROTOCOLS,
  type Prediction,
  type RunSpec,
  readoutValue,
  type Summary,
  trueChoices,
} from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { type LessonEntry, readLesson } from "./lesson-catalogue.ts";
import { renderLessonMarkdown } from "./lesson-markdown.ts";
import { focusPanels, panelCard, panelLabel, showPanel } from "./lesson-panels.ts";

/** One answered question: what the student predicted (recorded before the run) and what the model did. */
export interface StepAnswer {
  choice: number;
  choiceLabel: string;
  correct: boolean;
  /** The model's result in words, e.g. "LTD (depression), w = 0.63". */
  result: string;
}

/** Where a student is in a lesson and what they answered, in a shape that can be saved and restored. */
export interface LessonProgress {
  lesson: string;
  step: number;
  /** Keyed by step index. */
  answers: Record<number, StepAnswer>;
}

/** Fired on `document` whenever the progress changes, with the progress as detail. */
export const PROGRESS_EVENT = "plasticity:lesson-progress";

/** A number with the unit it is read in. */
function readoutText(model: Model, p: Prediction, s: Summary): string {
  const v = readoutValue(p.readout, s);
  const w = model.readout.weight;
  if (p.readout === OUTCOME_READOUT)
    return w === undefined ? OUTCOME_TEXT[v as Outcome] : `${OUTCOME_TEXT[v as Outcome]}, ${w} = ${showNumber(s.wEnd)}`;
  if (w !== undefined && (p.readout === `end:${w}` || p.readout === w))
    return `${w} = ${showNumber(v as number)} (${OUTCOME_TEXT[s.outcome]})`;
  const info = listReadouts(model).find((r) => r.id === p.readout);
  const unit = info?.unit && info.unit !== "–" ? ` ${info.unit}` : "";
  return `${model.display.readouts[p.readout] ?? info?.label ?? p.readout} = ${showNumber(v as number)}${unit}`;
}

/**
 * Steps through a lesson: each step's prose (sanitised), the panels to look at, and its question. The
 * step's run is applied only once the student has committed to a prediction, then prediction and
 * result are shown side by side with the lesson's explanation.
 */
export class LessonPlayer {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly problems: HTMLElement;
  private entries: LessonEntry[];
  private lesson: Lesson | undefined;
  private name = "";
  /** Opened from a file on this computer rather than shipped with the app. */
  private fromFile = false;
  private step = 0;
  private answers: Record<number, StepAnswer> = {};
  private readonly listeners: ((p: LessonProgress | undefined) => void)[] = [];

  constructor(
    private readonly model: Model,
    private readonly state: RunState,
    entries: LessonEntry[],
  ) {
    this.entries = entries;
    this.problems = el("div", { class: "lesson-problems", role: "alert" });
    this.body = el("div", { class: "lesson-body" });
    this.root = el("div", { class: "lesson-player" }, this.problems, this.body);
    this.showList();
  }

  get progress(): LessonProgress | undefined {
    return this.lesson ? { lesson: this.name, step: this.step, answers: structuredClone(this.answers) } : undefined;
  }

  get current(): Lesson | undefined {
    return this.lesson;
  }

  /** The open lesson's name if a link can open it (a shipped lesson, not one from a file). */
  get linkName(): string | undefined {
    return this.lesson && !this.fromFile ? this.name : undefined;
  }

  onProgress(listener: (p: LessonProgress | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Opens a shipped lesson by name; false if there is none or it has errors (shown). */
  open(name: string, progress?: LessonProgress): boolean {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) return false;
    if (entry.error) {
      this.showErrors(entry);
      return false;
    }
    this.fromFile = false;
    this.start(entry.name, entry.lesson, progress);
    return true;
  }

  /** Opens a lesson from a file the user picked (an author previewing a lesson before shipping it). */
  openText(text: string, fileName: string): boolean {
    const entry = readLesson(text, fileName, this.model);
    if (entry.error) {
      this.showErrors(entry);
      return false;
    }
    this.fromFile = true;
    this.start(entry.name, entry.lesson);
    return true;
  }

  close(): void {
    this.lesson = undefined;
    focusPanels(this.model, []);
    this.showList();
    this.emit();
  }

  private start(name: string, lesson: Lesson, progress?: LessonProgress): void {
    this.problems.replaceChildren();
    this.lesson = lesson;
    this.name = name;
    this.answers = progress?.lesson === name ? structuredClone(progress.answers) : {};
    const step = progress?.lesson === name ? progress.step : 0;
    this.goTo(Math.min(Math.max(0, step), lesson.steps.length - 1));
  }

  private emit(): void {
    const p = this.progress;
    for (const l of this.listeners) l(p);
    document.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: p }));
  }

  private showErrors(entry: LessonEntry): void {
    if (!entry.error) return;
    this.problems.replaceChildren(
      el(
        "div",
        { class: "notice notice-error lesson-error" },
        el(
          "div",
          {},
          el("strong", {
            text: `The lesson ${entry.file} has ${entry.error.problems.length > 1 ? "errors" : "an error"}:`,
          }),
          el(
            "ul",
            {},
            ...entry.error.problems.map((p) =>
              el("li", {}, el("span", { class: "lesson-error-line", text: `line ${p.line}` }), `: ${p.message}`),
            ),
          ),
        ),
      ),
    );
  }

  private showList(): void {
    const fileInput = el("input", {
      type: "file",
      id: "lesson-file",
      accept: ".md,text/markdown,text/plain",
      class: "visually-hidden",
    });
    fileInput.addEventListener("change", async () => {
      const file = fileInput.files?.[0];
      fileInput.value = "";
      if (file) this.openText(await file.text(), file.name);
    });
    const items = this.entries.map((e) => {
      if (e.error) {
        const button = el("button", { type: "button", class: "lesson-card lesson-card-broken", "data-lesson": e.name });
        button.append(
          el("span", { class: "lesson-card-title", text: e.file }),
          el("span", { class: "lesson-card-meta", text: "Has errors: open to see them" }),
        );
        button.addEventListener("click", () => this.showErrors(e));
        return el("li", {}, button);
      }
      const l = e.lesson;
      const button = el(
        "button",
        { type: "button", class: "lesson-card", "data-lesson": e.name },
        el("span", { class: "lesson-card-title", text: l.title }),
        el("span", {
          class: "lesson-card-meta",
          text: `${l.steps.length} steps · about ${l.minutes} min · ${l.audience}`,
        }),
      );
      button.addEventListener("click", () => this.open(e.name));
      return el("li", {}, button);
    });
    this.body.replaceChildren(
      el("ul", { class: "lesson-list" }, ...items),
      el(
        "p",
        { class: "hint" },
        "Authors: ",
        el("label", { for: "lesson-file", class: "file-button small", text: "Open a lesson file…" }),
        fileInput,
        " checks and previews a Markdown lesson from your computer.",
      ),
    );
  }

  /** A step chosen from the step buttons: the keyboard focus follows to the new step's title. */
  private moveTo(index: number): void {
    this.goTo(index);
    this.body.querySelector<HTMLElement>(".lesson-step-title")?.focus({ preventScroll: false });
  }

  private goTo(index: number): void {
    const lesson = this.lesson;
    if (!lesson) return;
    this.step = index;
    const step = lesson.steps[index] as LessonStep;
    focusPanels(this.model, step.panels ?? []);
    // A step with a question keeps its run back until the prediction is in; the others apply it now.
    if (step.run && (!step.predict || this.answers[index])) this.apply(step.run);
    this.render();
    this.emit();
  }

  /** The reason names the lesson, so a class link's locks can tell its own lesson from any other. */
  private apply(run: RunSpec): void {
    this.state.restore(run, this.fromFile ? "lesson-file" : `lesson:${this.name}`);
  }

  private describeRun(run: RunSpec): string {
    const parts: string[] = [];
    const preset = run.preset ? findPreset(this.model, run.preset) : undefined;
    if (preset) parts.push(preset.label);
    for (const [name, v] of Object.entries(run.params ?? {})) {
      const p = this.model.parameters.find((q) => q.name === name);
      parts.push(`${p?.label ?? name} (${name}) = ${showNumber(v)}${unitSuffix(p?.unit ?? "")}`);
    }
    if (run.protocol) parts.push(`protocol: ${(PROTOCOLS as Record<string, string>)[run.protocol] ?? run.protocol}`);
    if (run.activity) {
      parts.push(`activity: ${(ACTIVITY_MODES as Record<string, string>)[run.activity] ?? run.activity}`);
    }
    return parts.join("; ");
  }

  private render(): void {
    const lesson = this.lesson as Lesson;
    const index = this.step;
    const step = lesson.steps[index] as LessonStep;
    const n = lesson.steps.length;
    const dots = el(
      "ol",
      { class: "lesson-dots", "aria-label": "Steps" },
      ...lesson.steps.map((s, k) => {
        const a = this.answers[k];
        const b = el("button", {
          type: "button",
          class: `lesson-dot${k === index ? " is-current" : ""}${a ? (a.correct ? " is-right" : " is-wrong") : ""}`,
          "aria-current": k === index ? "step" : undefined,
          "aria-label": `Step ${k + 1}: ${s.title}${a ? (a.correct ? " (predicted right)" : " (predicted wrong)") : ""}`,
          text: String(k + 1),
        });
        b.addEventListener("click", () => this.moveTo(k));
        return el("li", {}, b);
      }),
    );
    const back = el("button", { type: "button", class: "small", id: "lesson-close", text: "All lessons" });
    back.addEventListener("click", () => this.close());
    const head = el(
      "div",
      { class: "lesson-head" },
      el(
        "div",
        {},
        el("p", { class: "lesson-title", text: lesson.title }),
        el("p", { class: "lesson-step-count", text: `Step ${index + 1} of ${n}` }),
      ),
      dots,
      back,
    );

    const panels = step.panels?.length
      ? el(
          "p",
          { class: "lesson-panels" },
          el("span", { class: "chips-label", text: "Look at: " }),
          ...step.panels.map((p) => {
            const b = el("button", {
              type: "button",
              class: "chip",
              "data-panel-link": p,
              text: panelLabel(this.model, p),
            });
            if (!panelCard(this.model, p)) {
              b.disabled = true;
              b.title = "This panel is not on this page";
            }
            b.addEventListener("click", () => showPanel(this.model, p));
            return b;
          }),
        )
      : null;

    const prev = el("button", { type: "button", id: "lesson-prev", text: "← Previous step" });
    prev.disabled = index === 0;
    prev.addEventListener("click", () => this.moveTo(index - 1));
    const next = el("button", {
      type: "button",
      id: "lesson-next",
      class: "primary",
      text: index === n - 1 ? "Finish" : "Next step →",
    });
    next.addEventListener("click", () => {
      if (index < n - 1) this.moveTo(index + 1);
      else {
        this.renderSummary();
        this.body.querySelector<HTMLElement>("h3")?.focus();
      }
    });

    this.body.replaceChildren(
      el(
        "article",
        { class: "lesson-step", "data-step": String(index) },
        head,
        index === 0 && lesson.intro ? renderLessonMarkdown(lesson.intro) : null,
        el("h3", { class: "lesson-step-title", tabindex: "-1", text: step.title }),
        renderLessonMarkdown(step.markdown),
        step.run
          ? el("p", { class: "lesson-setup" }, el("strong", { text: "Set-up: " }), this.describeRun(step.run))
          : null,
        panels,
        step.predict ? this.predictBox(step, index) : null,
        el("div", { class: "lesson-nav" }, prev, next),
      ),
    );
  }

  private predictBox(step: LessonStep, index: number): HTMLElement {
    const p = step.predict as Prediction;
    const answer = this.answers[index];
    const name = `predict-${index}`;
    const legendId = `${name}-q`;
    const fieldset = el(
      "fieldset",
      { class: "predict-choices", "aria-labelledby": legendId },
      el("legend", { id: legendId, class: "predict-question", text: p.question }),
      ...p.choices.map((c, k) => {
        const input = el("input", { type: "radio", name, value: String(k), id: `${name}-${k}` });
        input.checked = answer?.choice === k;
        input.disabled = answer !== undefined;
        return el("label", { class: "predict-choice", for: `${name}-${k}` }, input, ` ${c.label}`);
      }),
    );
    const box = el("section", { class: "predict-box", "aria-label": "Your prediction" }, fieldset);
    if (answer) {
      box.append(this.reveal(p, answer));
      return box;
    }
    const submit = el("button", {
      type: "button",
      class: "primary",
      id: "predict-submit",
      text: "Lock in my prediction and run",
    });
    submit.disabled = true;
    fieldset.addEventListener("change", () => {
      submit.disabled = !fieldset.querySelector("input:checked");
    });
    submit.addEventListener("click", () => {
      const chosen = fieldset.querySelector<HTMLInputElement>("input:checked");
      if (!chosen) return;
      this.answer(index, Number(chosen.value));
    });
    box.append(
      el("p", { class: "hint", text: "Choose before you run: the model is set up only once your prediction is in." }),
      el("div", { class: "predict-actions" }, submit),
    );
    return box;
  }

  /** Records the choice first, then runs the step and compares. */
  private answer(index: number, choice: number): void {
    const step = (this.lesson as Lesson).steps[index] as LessonStep;
    const p = step.predict as Prediction;
    const label = p.choices[choice]?.label ?? "";
    this.answers[index] = { choice, choiceLabel: label, correct: false, result: "" };
    this.emit();
    if (step.run) this.apply(step.run);
    const summary = this.state.result().summary;
    const right = trueChoices(p, summary);
    this.answers[index] = {
      choice,
      choiceLabel: label,
      correct: right.includes(choice),
      result: readoutText(this.model, p, summary),
    };
    this.render();
    // The button that was pressed is gone; the keyboard goes on from the comparison it revealed.
    this.body.querySelector<HTMLElement>(".predict-reveal")?.focus();
    this.emit();
  }

  private reveal(p: Prediction, a: StepAnswer): HTMLElement {
    return el(
      "div",
      { class: `predict-reveal ${a.correct ? "is-right" : "is-wrong"}`, role: "status", tabindex: "-1" },
      el(
        "div",
        { class: "reveal-columns" },
        el(
          "div",
          { class: "reveal-col reveal-yours" },
          el("p", { class: "reveal-head", text: "Your prediction" }),
          el("p", { class: "reveal-value", text: a.choiceLabel }),
        ),
        el(
          "div",
          { class: "reveal-col reveal-model" },
          el("p", { class: "reveal-head", text: "What the model did" }),
          el("p", { class: "reveal-value", text: a.result }),
        ),
      ),
      el("p", {
        class: "reveal-verdict",
        text: a.correct ? "✓ Your prediction matches the model." : "✗ The model did something else.",
      }),
      p.explain ? el("p", { class: "reveal-explain", text: p.explain }) : null,
    );
  }

  private renderSummary(): void {
    const lesson = this.lesson as Lesson;
    const asked = lesson.steps.map((s, k) => ({ s, k })).filter(({ s }) => s.predict);
    const right = asked.filter(({ k }) => this.answers[k]?.correct).length;
    const again = el("button", { type: "button", text: "Back to the last step" });
    again.addEventListener("click", () => this.goTo(lesson.steps.length - 1));
    const back = el("button", { type: "button", text: "All lessons" });
    back.addEventListener("click", () => this.close());
    this.body.replaceChildren(
      el(
        "article",
        { class: "lesson-step lesson-summary" },
        el("p", { class: "lesson-title", text: lesson.title }),
        el("h3", { tabindex: "-1", text: `You predicted ${right} of ${asked.length} correctly` }),
        el(
          "table",
          { class: "lesson-summary-table" },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", { text: "Step" }),
              el("th", { text: "Your prediction" }),
              el("th", { text: "The model" }),
            ),
          ),
          el(
            "tbody",
            {},
            ...asked.map(({ s, k }) => {
              const a = this.answers[k];
              return el(
                "tr",
                { class: a ? (a.correct ? "is-right" : "is-wrong") : "" },
                el("td", { text: s.title }),
                el("td", { text: a ? `${a.correct ? "✓" : "✗"} ${a.choiceLabel}` : "not answered" }),
                el("td", { text: a?.result ?? "" }),
              );
            }),
          ),
        ),
        el("div", { class: "lesson-nav" }, again, back),
      ),
    );
  }
}
