import {
  fromJson,
  type JsonExport,
  type ResolvedRun,
  type RunSpec,
  RunSpecError,
  runOf,
  type SimulationResult,
  toCsv,
  toJson,
} from "../../engine/index.ts";
import { setProjectorTheme } from "../classroom/projector-theme.ts";
import { downloadText } from "../exports/downloads.ts";
import { exportImage, type ImageFormat, provenanceLines } from "../exports/figure-export.ts";
import { ModelExportDialog } from "../exports/model-export-dialog.ts";
import { mountPrintReport } from "../exports/print-report.ts";
import type { ModelSource } from "../session/model-source.ts";
import type { RunState } from "../session/run-state.ts";
import type { AppProbe } from "../test-hook.ts";
import { afterNextPaint } from "../ui/after-paint.ts";
import { el } from "../ui/dom.ts";
import type { Figure } from "../ui/figure.ts";
import { LivePlot } from "../ui/live-plot.ts";
import type { Notices } from "../ui/notices.ts";
import { PLOT_CONFIG } from "../ui/plot-config.ts";
import { Plotly } from "../ui/plotly.ts";
import { MAX_PINS } from "../ui/theme.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { aboutPanel } from "./about-panel.ts";
import { heldRange, type Range } from "./axis-hold.ts";
import { ControlPanel } from "./control-panel.ts";
import { DoseCurveSource } from "./dose-curve.ts";
import { doseFigure } from "./dose-figure.ts";
import { showModelText } from "./model-text.ts";
import { outcomeLabel } from "./outcome-label.ts";
import { PinBoard, withPin } from "./pin-board.ts";
import { ruleFigure } from "./rule-figure.ts";
import { timeCourseFigure, timeCourseLegend } from "./time-course-figure.ts";

function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

export interface ExplorerContext {
  state: RunState;
  source: ModelSource;
  notices: Notices;
  /** The share link of what is shown now, read when used so a seed or class-link change is never left out. */
  shareUrl(): string;
  /** The link that reopens `run` in this session (the model and its keys, no class settings). */
  linkFor(run: ResolvedRun): string;
  probe: AppProbe | undefined;
}

export interface Explorer {
  controls: ControlPanel;
  pins: PinBoard;
  figures: { time: HTMLElement; rule: HTMLElement; dose: HTMLElement };
  /** The run the time courses show now. */
  result(): SimulationResult | undefined;
  /** Hears each finished redraw of the time courses. */
  onDrawn(fn: () => void): void;
  /**
   * Resolves once every figure shows the run as it is now, the dose curve included, so a copy made
   * then (the handout) carries no "computing" placeholder; after `timeoutMs` it resolves anyway.
   */
  whenCurrent(timeoutMs?: number): Promise<void>;
  /** Schedules the first draw; call once every feature is mounted. */
  start(): void;
  dispose(): void;
}

/**
 * Tells the style sheet how much of the page lies above the time courses (the outcome line, their
 * title and their key, which wraps to a number of lines that depends on the model, the width and the
 * theme), so the figure takes exactly the height left and its lowest panel stays in view.
 */
function fitTimeToViewport(figure: HTMLElement): void {
  if (!figure.offsetParent) return;
  // The style sheet's height is 100dvh − --header-h − --above-time: with this value the figure ends
  // 14 px above the viewport's bottom when the page is at its top, whatever the header's real height.
  const header = Number.parseFloat(getComputedStyle(figure).getPropertyValue("--header-h")) || 0;
  const above = Math.round(figure.getBoundingClientRect().top + window.scrollY - header + 14);
  const next = `${above}px`;
  if (figure.style.getPropertyValue("--above-time") !== next) figure.style.setProperty("--above-time", next);
}

/**
 * The explorer: the model's controls, the linked figures, pins, equations, the about panel, and the
 * exports and JSON import. Everything it shows follows the session store; everything it changes is a
 * store update.
 */
export function mountExplorer({ state, source, notices, shareUrl, linkFor, probe }: ExplorerContext): Explorer {
  const { model, store } = state;
  showModelText(model);
  const controls = new ControlPanel(model, state);
  byId("controls").append(controls.root);

  let current: { spec: RunSpec; result: SimulationResult } | undefined;
  const figs = {
    time: byId("fig-time"),
    rule: byId("fig-rule"),
    dose: byId("fig-dose"),
  };
  const lastFigure: Record<keyof typeof figs, Figure | undefined> = {
    time: undefined,
    rule: undefined,
    dose: undefined,
  };
  const drawnListeners: (() => void)[] = [];
  const plots = { time: new LivePlot(figs.time), rule: new LivePlot(figs.rule), dose: new LivePlot(figs.dose) };
  // The outcome lies over the time courses as HTML, so a redraw that only moves the traces leaves it right.
  const outcomeOverlay = el("div", { class: "outcome-label", "aria-hidden": "true" });
  figs.time.append(outcomeOverlay);

  // The class link's hidden controls are hidden in the views too (exports still list them, marked).
  const hidden = (): ReadonlySet<string> => new Set(store.state.session.classroom.hidden);
  // A pin's CSV carries the full link that reopens the pinned run, like the current run's.
  const pins = new PinBoard(state, (pin) =>
    downloadText(toCsv(pin.result, linkFor(runOf(pin.result))), `plasticity-lab-pin-${pin.id}.csv`, "text/csv"),
  );
  byId("pins").append(pins.root);

  const legend = byId("time-legend");
  const drawLegend = () => {
    legend.replaceChildren(
      ...timeCourseLegend(model).map((e) =>
        el(
          "li",
          {},
          el("span", { class: e.input ? "key key-input" : "key", style: `--key:${e.color}`, "aria-hidden": "true" }),
          e.label,
        ),
      ),
      ...pins.all.map((p) =>
        el(
          "li",
          {},
          el("span", {
            class: "key key-ghost",
            style: `--key:${p.color};border-top-style:${p.border}`,
            "aria-hidden": "true",
          }),
          `Pin ${p.id}: ${p.identity}`,
        ),
      ),
    );
  };
  setProjectorTheme(store.state.theme === "projector", model);
  drawLegend();

  // Dose-response: recomputed off the main thread whenever anything but the swept parameter changes.
  const dose = new DoseCurveSource(
    model,
    () => {
      secondaryDirty = true;
      schedule();
    },
    (message) => notices.show("The dose-response could not be computed:", [message], "error", "dose"),
    { modelText: source.text, modelFile: source.file },
  );

  if (probe) {
    probe.modelId = model.id;
    probe.spec = () => state.current;
    probe.summary = () => current?.result.summary;
    probe.values = () => {
      if (!current) return {};
      const out: Record<string, number> = {};
      for (const p of model.parameters) out[p.name] = current.result.values[p.index] as number;
      return out;
    };
    probe.doseFresh = false;
    probe.bench = {
      plotly: Plotly,
      timeFigure: () => lastFigure.time,
      fullTimeFigure: () =>
        current
          ? timeCourseFigure(current.result, pins.ghosts(current.result), {
              legends: false,
              width: figs.time.clientWidth || undefined,
              height: figs.time.clientHeight || undefined,
            })
          : undefined,
      config: PLOT_CONFIG,
      timeDrawKind: () => plots.time.lastKind,
      forgetResults: () => store.forget("result"),
    };
  }

  // Redraws coalesce to at most one per animation frame, reading the state as it is then, so the last
  // value always wins. The first change after a quiet frame is drawn at once (a microtask gathers the
  // changes made by the same event) instead of waiting up to a frame; changes after that wait for the
  // next frame. The time courses go first, with their axes held while input goes on (axis-hold.ts);
  // once input has paused for QUIET_FRAMES frames, they are drawn again with fitted axes ("settled"),
  // then the rule and dose figures get a frame of their own, so dragging keeps the main panels at frame
  // rate. A pause is counted in frames, not milliseconds, so a slow machine's long frames do not cut a
  // drag into pieces.
  const QUIET_FRAMES = 8;
  let quietFrames = 0;
  let primaryDirty = true;
  let secondaryDirty = true;
  /** The time courses were drawn while input went on (held axes, paths written directly): redraw them once it pauses. */
  let settleDirty = false;
  /** Whether the next draw of the time courses may hold their axes: it shows a change of the run. */
  let holdAxes = false;
  /** The y ranges the time courses were last drawn with, by axis. */
  let drawnRanges = new Map<string, Range>();
  let frameOpen = false;
  let disposed = false;
  let inputAt = 0;
  /** Whether the dose figure shows the curve computed for the run shown (not a stale or missing one). */
  let doseCurrent = false;
  const isCurrent = () =>
    !primaryDirty && !secondaryDirty && !settleDirty && current !== undefined && (!dose.param || doseCurrent);
  const inputGoesOn = () => quietFrames < QUIET_FRAMES;
  const waiting: (() => void)[] = [];
  const runWork = () => {
    if (disposed) return;
    if (primaryDirty) {
      primaryDirty = false;
      drawPrimary();
    } else if ((settleDirty || secondaryDirty) && inputGoesOn()) {
      // Input may go on: wait, a frame at a time, until it has paused.
    } else if (settleDirty) {
      settleDirty = false;
      drawPrimary();
    } else if (secondaryDirty) {
      secondaryDirty = false;
      drawSecondary();
    }
    if (isCurrent()) for (const fn of waiting.splice(0)) fn();
  };
  const onFrame = () => {
    if (!disposed && (primaryDirty || secondaryDirty || settleDirty)) {
      quietFrames++;
      runWork();
      requestAnimationFrame(onFrame);
    } else frameOpen = true;
  };
  const schedule = () => {
    if (!frameOpen) return;
    frameOpen = false;
    queueMicrotask(runWork);
    requestAnimationFrame(onFrame);
  };

  const outcomeLine = byId("outcome-line");
  const drawPrimary = () => {
    const t0 = performance.now();
    const spec = state.current;
    let result: SimulationResult;
    try {
      result = state.result();
      if (probe) probe.lastSimMs = performance.now() - t0;
      notices.dismiss("solve");
    } catch (err) {
      notices.show(
        "This run could not be solved; the figures show the last run that could:",
        [(err as Error).message],
        "error",
        "solve",
      );
      controls.refresh();
      return;
    }
    current = { spec, result };
    const box = `${figs.time.clientWidth}x${figs.time.clientHeight}`;
    // Axes are held for a change of the run, not for a settle, a pin, a theme or a new size.
    const hold = holdAxes && box === sizeKey;
    holdAxes = false;
    sizeKey = box;
    let ranges = new Map<string, Range>();
    let reRanged = false;
    // The page sets the figure's box (it fills the height left in the viewport); the figure fits it.
    const build = (regrow: boolean) => {
      ranges = new Map<string, Range>();
      reRanged = false;
      return timeCourseFigure(result, pins.ghosts(result), {
        legends: false,
        width: figs.time.clientWidth || undefined,
        height: figs.time.clientHeight || undefined,
        columns: figs.time.clientWidth || undefined,
        outcome: "label",
        range: (axis, needed) => {
          const prev = drawnRanges.get(axis);
          const range = hold ? heldRange(prev, needed, regrow) : needed;
          reRanged ||= prev === undefined || range[0] !== prev[0] || range[1] !== prev[1];
          ranges.set(axis, range);
          return range;
        },
      });
    };
    let fig = build(false);
    // A held axis that must re-range costs this step a relayout: axes close to needing one follow now.
    if (hold && reRanged) fig = build(true);
    drawnRanges = ranges;
    // A draw while input goes on may hold axes and writes the traces' paths itself (live-plot.ts): once
    // input pauses, the figure is drawn again, fitted and by Plotly, so its hover and paths are exact.
    settleDirty = hold;
    lastFigure.time = fig;
    // The figure goes first: DOM changes made before it would make Plotly's layout reads relayout them.
    const drawn = plots.time.draw(fig, hold);
    outcomeLabel(outcomeOverlay, fig);
    controls.refresh();
    pins.setCurrent(result);
    const s = result.summary;
    const tEnd = result.t[result.t.length - 1] as number;
    outcomeLine.className = `outcome-line outcome-${s.outcome}`;
    outcomeLine.replaceChildren(
      el("strong", { text: s.outcome === "none" ? "No lasting change" : s.outcome }),
      ` · ${model.readout.weight}(${showNumber(tEnd)}${unitSuffix(model.timeUnit)}) = ${showNumber(s.wEnd)}`,
      ...Object.entries(s.peaks).map(
        ([k, p]) => ` · peak ${k} ${showNumber(p.value)} at ${showNumber(p.time)} ${model.timeUnit}`,
      ),
    );
    byId("method-line").textContent = `Solved by ${result.method.description}.`;
    void drawn.then(() => {
      if (disposed) return;
      const ms = performance.now() - t0;
      if (probe) {
        probe.drawCount++;
        probe.lastDrawMs = ms;
        probe.firstDrawAt ??= performance.now();
      }
      for (const fn of drawnListeners) fn();
      document.dispatchEvent(new CustomEvent("plasticity:drawn", { detail: { ms, inputAt } }));
    });
  };

  const drawSecondary = () => {
    if (!current) return;
    const { spec, result } = current;
    const rule = ruleFigure(result);
    lastFigure.rule = rule;
    if (rule) void plots.rule.draw(rule);
    if (!dose.param) return;
    dose.request(spec);
    const fresh = dose.isFresh(spec);
    doseCurrent = fresh;
    if (probe) probe.doseFresh = fresh;
    const d = doseFigure(result, dose.param, dose.curve, fresh);
    lastFigure.dose = d;
    void plots.dose.draw(d);
  };

  state.onChange(() => {
    inputAt = performance.now();
    quietFrames = 0;
    holdAxes = true;
    primaryDirty = true;
    secondaryDirty = true;
    schedule();
  });
  pins.onChange(() => {
    drawLegend();
    holdAxes = false;
    primaryDirty = true;
    schedule();
  });
  // The projector theme restyles the figures: a redraw, not a change of the run.
  state.watch(
    (s) => s.theme,
    (theme) => {
      setProjectorTheme(theme === "projector", model);
      drawLegend();
      holdAxes = false;
      primaryDirty = true;
      secondaryDirty = true;
      schedule();
    },
  );

  // A new box for the time courses (a phone turned, a view shown, a lesson sheet opened) redraws them at
  // the new size: the margins follow the width.
  let sizeKey = "";
  const resized = () => {
    const key = `${figs.time.clientWidth}x${figs.time.clientHeight}`;
    if (key === sizeKey || key === "0x0") return;
    sizeKey = key;
    holdAxes = false;
    primaryDirty = true;
    secondaryDirty = true;
    schedule();
  };

  // Exports.
  const figureSelect = byId<HTMLSelectElement>("export-figure");
  const figureWidths: Record<keyof typeof figs, number> = { time: 1200, rule: 900, dose: 900 };
  const exportFigure = async (format: ImageFormat, scale: number) => {
    const which = figureSelect.value as keyof typeof figs;
    if (!current) return;
    // An image has no page around it, so the time courses carry their own legends there.
    const fig =
      which === "time"
        ? timeCourseFigure(current.result, pins.ghosts(current.result), { legends: true })
        : lastFigure[which];
    if (!fig) return;
    try {
      const exported = await exportImage(
        which,
        fig,
        provenanceLines(current.result, shareUrl(), hidden()),
        format,
        scale,
        figureWidths[which],
      );
      if (probe) probe.lastExport = exported;
    } catch (err) {
      notices.show("The image could not be exported:", [(err as Error).message], "error", "export");
    }
  };
  const listeners = new AbortController();
  const on = (target: EventTarget, type: string, fn: (e: Event) => void) =>
    target.addEventListener(type, fn, { signal: listeners.signal });
  // Which figure the image buttons export is a view choice: kept in the session, never an undo step.
  if ([...figureSelect.options].some((o) => o.value === store.state.view.exportFigure)) {
    figureSelect.value = store.state.view.exportFigure;
  }
  on(figureSelect, "change", () =>
    store.update((s) => ({ ...s, view: { ...s.view, exportFigure: figureSelect.value } }), "view"),
  );
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-export-image]")) {
    const [format, scale] = (b.dataset.exportImage ?? "png:1").split(":");
    on(b, "click", () => void exportFigure(format as ImageFormat, Number(scale)));
  }
  on(byId("export-csv"), "click", () => {
    if (current) downloadText(toCsv(current.result, shareUrl()), "plasticity-lab-run.csv", "text/csv");
  });
  const modelExport = new ModelExportDialog({ model, spec: () => state.current, shareUrl });
  document.body.append(modelExport.root);
  listeners.signal.addEventListener("abort", () => modelExport.root.remove());
  on(byId("export-model"), "click", () => modelExport.open());
  on(byId("export-json"), "click", () => {
    if (!current) return;
    const data = { ...toJson(current.result, shareUrl()), pinned: pins.all.map((p) => toJson(p.result)) };
    downloadText(`${JSON.stringify(data, null, 1)}\n`, "plasticity-lab-run.json", "application/json");
  });
  const importInput = byId<HTMLInputElement>("import-json");
  on(importInput, "change", async () => {
    const file = importInput.files?.[0];
    importInput.value = "";
    if (!file) return;
    try {
      const data = JSON.parse(await file.text()) as JsonExport & { pinned?: unknown };
      const imported = readImport(data);
      // One step, pins included, so a single Undo brings back the run and the pins as they were.
      store.update(
        (s) => ({
          ...s,
          session: { ...s.session, run: imported.spec, pins: imported.pins ?? s.session.pins },
        }),
        "import",
      );
      notices.dismiss("import");
      const pinWords =
        imported.pins === undefined
          ? "the file has no pinned runs, so your pins were kept"
          : `${imported.pins.length} pinned run${imported.pins.length === 1 ? "" : "s"}`;
      notices.show(
        `Imported ${file.name}: the run and ${pinWords}. Undo (Ctrl+Z) takes the import back.`,
        imported.dropped,
        imported.dropped.length ? "warning" : "info",
        "import",
      );
    } catch (err) {
      const lines = err instanceof RunSpecError ? err.problems.map((p) => p.message) : [(err as Error).message];
      notices.show(`${file.name} could not be imported:`, lines, "error", "import");
    }
  });

  /** The run and pins of an exported JSON; pins beyond MAX_PINS are named in `dropped`. */
  const readImport = (data: JsonExport & { pinned?: unknown }) => {
    const spec = fromJson(model, data);
    const dropped: string[] = [];
    if (data.pinned === undefined) return { spec, pins: undefined, dropped };
    if (!Array.isArray(data.pinned)) throw new Error("pinned is not a list of runs");
    const specs = data.pinned.map((d, k) => {
      try {
        return fromJson(model, d);
      } catch (err) {
        const why =
          err instanceof RunSpecError ? err.problems.map((p) => p.message).join("; ") : (err as Error).message;
        throw new Error(`pinned run ${k + 1}: ${why}`);
      }
    });
    if (specs.length > MAX_PINS) {
      dropped.push(
        `Only ${MAX_PINS} runs can be pinned: pinned runs ${MAX_PINS + 1} to ${specs.length} of the file were left out.`,
      );
    }
    const pinned = specs.slice(0, MAX_PINS).reduce((acc, s) => withPin(acc, s), [] as ReturnType<typeof withPin>);
    return { spec, pins: pinned, dropped };
  };

  const sizeWatch = new ResizeObserver(() => {
    fitTimeToViewport(figs.time);
    resized();
  });
  sizeWatch.observe(figs.time);
  // The key above the figure wraps to more lines on a narrow page or in larger type.
  if (figs.time.parentElement) sizeWatch.observe(figs.time.parentElement);

  mountPrintReport(byId("print-report"), () => current?.result, shareUrl, hidden, listeners.signal);

  const copyLink = byId<HTMLButtonElement>("copy-link");
  on(copyLink, "click", async () => {
    try {
      await navigator.clipboard.writeText(shareUrl());
      copyLink.textContent = "Link copied";
    } catch {
      copyLink.textContent = "Copy failed: use the address bar";
    }
    setTimeout(() => {
      copyLink.textContent = "Copy share link";
    }, 2000);
  });

  // Typesetting the equations and the about panel's Markdown took a fifth of the first load: they lie
  // below the figures, so the figures are drawn and painted first. KaTeX, used for nothing else, is
  // then loaded on its own, so its code is not parsed before the first figure either.
  afterNextPaint(() => {
    if (disposed) return;
    byId("about").append(aboutPanel(model));
    import("./equations.ts").then(
      ({ equationsView }) => {
        if (disposed) return;
        byId("equations").append(
          equationsView(
            model,
            (name) => controls.focusParam(name),
            // A control the class link hides has no chip either.
            (name) => controls.hasControl(name) && !hidden().has(name),
          ),
        );
      },
      (err: unknown) =>
        notices.show("The equations could not be shown:", [(err as Error).message], "error", "equations"),
    );
  });

  return {
    controls,
    pins,
    figures: figs,
    result: () => current?.result,
    onDrawn: (fn) => drawnListeners.push(fn),
    whenCurrent: (timeoutMs = 30_000) =>
      new Promise<void>((resolve) => {
        if (isCurrent()) return resolve();
        waiting.push(resolve);
        setTimeout(resolve, timeoutMs);
      }),
    start: () => {
      frameOpen = true;
      schedule();
    },
    dispose: () => {
      disposed = true;
      listeners.abort();
      sizeWatch.disconnect();
      dose.dispose();
      for (const f of Object.values(figs)) Plotly.purge(f);
    },
  };
}
