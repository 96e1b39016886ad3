import type { Lesson, Model, ResolvedRun } from "../../engine/index.ts";
import { ACTIVITY_MODES, PROTOCOLS, simulate } from "../../engine/index.ts";
import { timeCourseFigure } from "../explorer/time-course-figure.ts";
import { INTERACTIVE_MAX_STEPS } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import type { Figure } from "../ui/figure.ts";
import { type Data, type Layout, Plotly, type PlotlyHTMLElement } from "../ui/plotly.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import type { LessonProgress } from "./lesson-player.ts";
import { qrCodeSvg } from "./qr-code.ts";

export interface HandoutContent {
  model: Model;
  run: ResolvedRun;
  link: string;
  lesson: Lesson | undefined;
  progress: LessonProgress | undefined;
  /** Parameters a class link hides: left out of the table, like the page. */
  hidden: ReadonlySet<string>;
  /** Resolves once the page's figures (copied into the handout) show this run, not a "computing" one. */
  figuresCurrent(): Promise<void>;
}

/**
 * The figures a handout carries, each at the pixel size it is rendered at before being scaled into its
 * box on the page. The sizes follow the boxes' shapes (the time courses' box is about 2.6 times as wide
 * as high, the other two about 2.1), so the scale-down is small and the type prints at 6–7 pt, not 4.
 */
function handoutFigures(model: Model) {
  return [
    { id: "fig-time", title: model.display.title, width: 1000, height: 400 },
    ...(model.display.rules ? [{ id: "fig-rule", title: model.display.rules.title, width: 580, height: 290 }] : []),
    ...(model.display.dose ? [{ id: "fig-dose", title: "Dose-response", width: 580, height: 290 }] : []),
  ];
}

const PRINT_FONT_SIZE = 13;

async function figureImage(
  id: string,
  width: number,
  height: number,
  title: string,
  figure?: Figure,
): Promise<HTMLElement> {
  const gd = document.getElementById(id) as (PlotlyHTMLElement & { layout?: Partial<Layout> }) | null;
  const frame = el("figure", { class: `handout-figure handout-${id}` });
  const source = figure ?? (gd && "data" in gd ? { data: gd.data as Data[], layout: gd.layout ?? {} } : undefined);
  if (!source) {
    frame.append(el("p", { class: "hint", text: `${title}: not drawn yet` }));
    return frame;
  }
  // Paper is read close up: the projector theme's large type would crowd the axes of a small figure.
  const layout = { ...source.layout, font: { ...source.layout.font, size: PRINT_FONT_SIZE } };
  // SVG keeps the plots sharp on paper at any printer resolution.
  const url = await Plotly.toImage({ data: source.data, layout }, { format: "svg", width, height });
  frame.append(el("img", { src: url, alt: title }), el("figcaption", { text: title }));
  return frame;
}

function parameterTable(model: Model, run: ResolvedRun, hidden: ReadonlySet<string>): HTMLElement {
  const rows = model.parameters
    .filter((p) => !p.fixed && !hidden.has(p.name))
    .map((p) => {
      const v = run.values[p.index] as number;
      const changed = v !== p.default;
      return el(
        "tr",
        { class: changed ? "is-changed" : "", "data-param": p.name },
        el("td", { class: "handout-symbol", text: `${changed ? "● " : ""}${p.name}` }),
        el("td", { text: p.label }),
        el("td", { class: "handout-value", text: `${showNumber(v, 4)}${unitSuffix(p.unit)}` }),
      );
    });
  // Two tables side by side keep some thirty rows within a third of the page.
  const half = Math.ceil(rows.length / 2);
  return el(
    "section",
    { class: "handout-params" },
    el("h2", { text: "Parameters (● bold: changed from the model's default)" }),
    el(
      "div",
      { class: "handout-param-tables" },
      el("table", {}, el("tbody", {}, ...rows.slice(0, half))),
      el("table", {}, el("tbody", {}, ...rows.slice(half))),
    ),
  );
}

function questions(lesson: Lesson, progress: LessonProgress | undefined): HTMLElement {
  const items = lesson.steps.flatMap((s, k) => {
    if (!s.predict) return [];
    const a = progress?.lesson !== undefined ? progress.answers[k] : undefined;
    return [
      el(
        "li",
        {},
        el("span", { class: "handout-q", text: `${s.title}: ${s.predict.question}` }),
        el(
          "span",
          { class: "handout-choices" },
          ...s.predict.choices.map((c, j) => el("span", { text: `${a?.choice === j ? "☒" : "☐"} ${c.label}` })),
        ),
        a ? el("span", { class: "handout-answer", text: `Model: ${a.result}` }) : null,
      ),
    ];
  });
  return el(
    "section",
    { class: "handout-questions" },
    el("h2", { text: `Questions — ${lesson.title}` }),
    el("ol", {}, ...items),
  );
}

/**
 * A one-page handout (A4 or Letter): the figures as they are now, the parameter table, the label, the
 * link with its QR code and the lesson's questions. On screen it is a preview over the app; printed,
 * it is the only thing on the page.
 */
export class Handout {
  readonly root: HTMLElement;
  private readonly sheet: HTMLElement;
  private readonly closeButton: HTMLButtonElement;
  /** The page's other parts, made inert while the preview is open so Tab and clicks cannot reach them. */
  private inerted: HTMLElement[] = [];
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      this.close();
    } else if (e.key === "Tab") {
      // Focus wraps within the preview instead of leaving it for the browser's own controls.
      const stops = [...this.root.querySelectorAll<HTMLElement>("button, a[href], [tabindex]:not([tabindex='-1'])")];
      const first = stops[0];
      const last = stops.at(-1);
      const inside = this.root.contains(document.activeElement);
      if (e.shiftKey && (!inside || document.activeElement === first)) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && (!inside || document.activeElement === last)) {
        e.preventDefault();
        first?.focus();
      }
    }
  };

  constructor() {
    const print = el("button", { type: "button", class: "primary", id: "handout-print", text: "Print handout" });
    print.addEventListener("click", () => window.print());
    const close = el("button", { type: "button", id: "handout-close", text: "Close" });
    close.addEventListener("click", () => this.close());
    this.closeButton = close;
    this.sheet = el("div", { class: "handout-sheet", id: "handout-sheet" });
    this.root = el(
      "div",
      { class: "handout", id: "handout", role: "dialog", "aria-modal": "true", "aria-label": "Handout", hidden: true },
      el(
        "div",
        { class: "handout-toolbar" },
        el("span", { text: "Handout preview — one A4 or Letter page" }),
        print,
        close,
      ),
      this.sheet,
    );
  }

  /** Opens the preview as a modal dialog: focus moves in, Esc closes it, the page behind is inert. */
  async open(content: HandoutContent): Promise<void> {
    const wasOpen = !this.root.hidden;
    this.root.hidden = false;
    this.root.removeAttribute("data-ready");
    document.body.classList.add("handout-mode");
    if (!wasOpen) {
      this.inerted = [...document.body.children].filter(
        (e): e is HTMLElement => e instanceof HTMLElement && e !== this.root && !e.inert,
      );
      for (const e of this.inerted) e.inert = true;
      document.addEventListener("keydown", this.onKey);
    }
    this.closeButton.focus();
    this.sheet.replaceChildren(el("p", { class: "hint", text: "Preparing the handout…" }));
    await this.fill(content);
    if (this.root.hidden) return;
    this.root.dataset.ready = "true";
    (this.root.querySelector("#handout-print") as HTMLButtonElement).focus();
  }

  close(): void {
    if (this.root.hidden) return;
    this.root.hidden = true;
    document.body.classList.remove("handout-mode");
    for (const e of this.inerted) e.inert = false;
    this.inerted = [];
    document.removeEventListener("keydown", this.onKey);
    document.getElementById("handout-open")?.focus();
  }

  private async fill({ model, run, link, lesson, progress, hidden, figuresCurrent }: HandoutContent): Promise<void> {
    await figuresCurrent();
    const result = simulate(model, run, { maxSteps: INTERACTIVE_MAX_STEPS });
    const summary = result.summary;
    // Paper has no HTML legend beside the plot, so the time courses carry their own legends.
    const timeFigure = timeCourseFigure(result, [], { legends: true });
    const [time, ...others] = await Promise.all(
      handoutFigures(model).map((f) =>
        figureImage(f.id, f.width, f.height, f.title, f.id === "fig-time" ? timeFigure : undefined),
      ),
    );
    const qr = qrCodeSvg(link, "QR code of the link to this state");
    const inputs = `${run.preset ? `Preset: ${run.preset.label}. ` : ""}Protocol: ${PROTOCOLS[run.protocol].split(":")[0]}; activity: ${ACTIVITY_MODES[run.activity].split(":")[0]}. Outcome: ${summary.outcome === "none" ? "no lasting change" : summary.outcome}, ${model.readout.weight} = ${showNumber(summary.wEnd)}.`;
    this.sheet.replaceChildren(
      el(
        "header",
        { class: "handout-header" },
        el(
          "div",
          {},
          el("h1", { text: lesson ? lesson.title : `Plasticity Lab — ${model.title}` }),
          el("p", {
            class: "handout-meta",
            text: `Plasticity Lab · model ${model.id} ${model.version} · ${new Date().toISOString().slice(0, 10)}`,
          }),
        ),
        el("p", { class: "handout-label", text: model.label }),
      ),
      el("p", { class: "handout-run", text: inputs }),
      el("div", { class: "handout-figures" }, time, el("div", { class: "handout-figure-row" }, ...others)),
      el(
        "div",
        { class: "handout-bottom" },
        parameterTable(model, run, hidden),
        el(
          "div",
          { class: "handout-side" },
          lesson ? questions(lesson, progress) : el("section", { class: "handout-notes" }, el("h2", { text: "Notes" })),
          el(
            "div",
            { class: "handout-link" },
            qr ?? el("p", { class: "hint", text: "The link is too long for a QR code." }),
            el("p", {}, el("strong", { text: "Open this state: " }), el("span", { class: "handout-url", text: link })),
          ),
        ),
      ),
    );
  }
}
