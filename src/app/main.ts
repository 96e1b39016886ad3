// First of all: under the page's policy, the engine and zod must not try eval (see eval-policy.ts).
import "./eval-policy.ts";
import "katex/dist/katex.min.css";
import "./styles.css";
import {
  fromJson,
  type JsonExport,
  type RunSpec,
  RunSpecError,
  type SimulationResult,
  simulate,
  toCsv,
  toJson,
  valuesRecord,
} from "../engine/index.ts";
import { mountAnalyses } from "./analyses/analyses-section.ts";
import { mountClassroom, readClassroomLink } from "./classroom/classroom.ts";
import { DoseClient, type DoseCurve } from "./compute/dose-client.ts";
import { mountEditorLauncher } from "./editor/editor-launcher.ts";
import { carryModelInLinks } from "./editor/model-link-hash.ts";
import { aboutPanel } from "./explorer/about-panel.ts";
import { ControlPanel } from "./explorer/control-panel.ts";
import { doseFigure, sweepValues } from "./explorer/dose-figure.ts";
import { equationsView } from "./explorer/equations.ts";
import { PinBoard } from "./explorer/pin-board.ts";
import { ruleFigure } from "./explorer/rule-figure.ts";
import { timeCourseFigure, timeCourseLegend } from "./explorer/time-course-figure.ts";
import { downloadText } from "./exports/downloads.ts";
import { exportImage, type ImageFormat, provenanceLines } from "./exports/figure-export.ts";
import { type AppModelSource, modelFile, modelText, resolveAppModel, shippedText } from "./session/model-source.ts";
import { mountSafety } from "./session/mount-persistence.ts";
import { RunState } from "./session/run-state.ts";
import { readShareLink, shareLinkFor, writeShareLink } from "./session/share-link.ts";
import type { AppProbe } from "./test-hook.ts";
import { el } from "./ui/dom.ts";
import { Notices } from "./ui/notices.ts";
import { type Config, type Data, type Layout, Plotly } from "./ui/plotly.ts";
import { showNumber, unitSuffix } from "./ui/units.ts";

/** The parameter the dose-response sweeps: the input protocol's amplitude. */
const DOSE_PARAM = "u";
/**
 * Solver steps one run on the main thread may take: the default model needs a few thousand, and a
 * model that needs far more (an edited or linked one) is stopped with a message instead of freezing
 * the page. Analyses run in workers under the engine's own, larger bound.
 */
const INTERACTIVE_MAX_STEPS = 20_000;
const PLOT_CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d"],
};

function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

function start(source: AppModelSource): void {
  const model = source.model;
  const notices = new Notices();
  const link = readShareLink(model, location.search);
  const classLink = readClassroomLink(model, link.spec);
  const state = new RunState(model, classLink.spec);

  document.title = `Plasticity Lab — ${model.title}`;
  byId("model-title").textContent = model.title;
  byId("model-label").textContent = model.label;
  byId("notices-slot").replaceWith(notices.root);
  if (source.problems.length) notices.show("The model could not be switched:", source.problems, "error", "model");
  if (source.origin !== "shipped") {
    // Every share and class link carries an edited model, when it is small enough to.
    void import("./editor/model-link.ts").then(async ({ modelLinkPart, MAX_MODEL_LINK_CHARS }) => {
      const part = await modelLinkPart(source.text);
      carryModelInLinks(part.ok ? part.fragment : undefined);
      if (!part.ok) {
        const what = source.origin === "link" ? "The model from the link" : "Your edited model";
        notices.show(
          `${what} is too large to travel in a share link:`,
          [
            `${part.chars} characters compressed, more than the ${MAX_MODEL_LINK_CHARS} a link may carry. Links open the shipped model; share the YAML file instead (Edit model → Download).`,
          ],
          "warning",
          "model-link",
        );
      }
    });
  }
  if (link.dropped.length) {
    notices.show("Some entries of the link were not loaded:", link.dropped, "warning", "link");
  }

  const controls = new ControlPanel(model, state);
  byId("controls").append(controls.root);

  let current: { spec: RunSpec; result: SimulationResult } | undefined;
  // Read when used, so that a seed or class-link change since the last redraw is in every export.
  const shareUrl = () => shareLinkFor(state.resolved);
  const figs = {
    time: byId("fig-time"),
    rule: byId("fig-rule"),
    dose: byId("fig-dose"),
  };
  const lastFigure: Record<keyof typeof figs, { data: Data[]; layout: Partial<Layout> } | undefined> = {
    time: undefined,
    rule: undefined,
    dose: undefined,
  };

  const pins = new PinBoard(
    () => current,
    (pin) => downloadText(toCsv(pin.result), `plasticity-lab-pin-${pin.id}.csv`, "text/csv"),
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
          el("span", { class: "key key-ghost", style: `--key:${p.color}`, "aria-hidden": "true" }),
          `Pin ${p.id} (dotted)`,
        ),
      ),
    );
  };
  drawLegend();

  // Dose-response: recomputed off the main thread whenever anything but the swept parameter changes.
  let doseCurve: DoseCurve | undefined;
  let doseKey = "";
  const keyOf = (spec: RunSpec) => {
    const params = { ...spec.params };
    delete params[DOSE_PARAM];
    return JSON.stringify({ ...spec, params });
  };
  const dose = new DoseClient(
    modelText(),
    modelFile(),
    DOSE_PARAM,
    sweepValues(model, DOSE_PARAM),
    (curve) => {
      doseCurve = curve;
      secondaryDirty = true;
      schedule();
    },
    (message) => notices.show("The dose-response could not be computed:", [message], "error", "dose"),
  );

  const probe: AppProbe = {
    modelId: model.id,
    drawCount: 0,
    lastDrawMs: 0,
    spec: () => state.current,
    summary: () => current?.result.summary,
    values: () => (current ? valuesRecord(model, current.result.values) : {}),
    doseFresh: false,
    lastExport: undefined,
    firstDrawAt: undefined,
    lastSimMs: 0,
    bench: { plotly: Plotly, timeFigure: () => lastFigure.time, config: PLOT_CONFIG },
  };
  window.__plasticity = probe;

  // Redraws coalesce to at most one per animation frame, reading the state as it is then, so the last
  // value always wins. The first change after a quiet frame is drawn at once (a microtask gathers the
  // changes made by the same event) instead of waiting up to a frame; changes after that wait for the
  // next frame. The time courses go first; the rule and dose figures get a frame of their own once
  // input pauses, so dragging keeps the main panels at frame rate.
  let primaryDirty = true;
  let secondaryDirty = true;
  let frameOpen = true;
  let inputAt = 0;
  const runWork = () => {
    if (primaryDirty) {
      primaryDirty = false;
      drawPrimary();
    } else if (secondaryDirty) {
      secondaryDirty = false;
      drawSecondary();
    }
  };
  const onFrame = () => {
    if (primaryDirty || secondaryDirty) {
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

  // history.replaceState costs milliseconds per call in Chromium, so a drag updates the address bar
  // once it pauses; the exports read the link string, which is always current.
  let urlTimer = 0;
  const scheduleUrlUpdate = () => {
    clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => writeShareLink(state.resolved), 200);
  };

  const outcomeLine = byId("outcome-line");
  const drawPrimary = () => {
    const t0 = performance.now();
    const spec = state.current;
    let result: SimulationResult;
    try {
      result = simulate(model, state.resolved, { maxSteps: INTERACTIVE_MAX_STEPS });
      probe.lastSimMs = performance.now() - t0;
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
    const fig = timeCourseFigure(result, pins.ghosts(result));
    lastFigure.time = fig;
    // The figure goes first: DOM changes made before it would make Plotly's layout reads relayout them.
    const drawn = Plotly.react(figs.time, fig.data, fig.layout, PLOT_CONFIG);
    controls.refresh();
    scheduleUrlUpdate();
    pins.setCurrent(result);
    const s = result.summary;
    const tEnd = result.t[result.t.length - 1] as number;
    outcomeLine.className = `outcome-line outcome-${s.outcome}`;
    outcomeLine.replaceChildren(
      el("strong", { text: s.outcome === "none" ? "No lasting change" : s.outcome }),
      ` · w(${showNumber(tEnd)}${unitSuffix(model.timeUnit)}) = ${showNumber(s.wEnd)}`,
      ...Object.entries(s.peaks).map(
        ([k, p]) => ` · peak ${k} ${showNumber(p.value)} at ${showNumber(p.time)} ${model.timeUnit}`,
      ),
    );
    byId("method-line").textContent = `Solved by ${result.method.description}.`;
    void drawn.then(() => {
      probe.drawCount++;
      probe.lastDrawMs = performance.now() - t0;
      probe.firstDrawAt ??= performance.now();
      document.dispatchEvent(new CustomEvent("plasticity:drawn", { detail: { ms: probe.lastDrawMs, inputAt } }));
    });
  };

  const drawSecondary = () => {
    if (!current) return;
    const { spec, result } = current;
    const rule = ruleFigure(result);
    lastFigure.rule = rule;
    void Plotly.react(figs.rule, rule.data, rule.layout, PLOT_CONFIG);
    const key = keyOf(spec);
    if (key !== doseKey) {
      doseKey = key;
      dose.request(spec);
    }
    const fresh = doseCurve !== undefined && keyOf(doseCurve.spec) === key;
    probe.doseFresh = fresh;
    const d = doseFigure(result, DOSE_PARAM, doseCurve, fresh);
    lastFigure.dose = d;
    void Plotly.react(figs.dose, d.data, d.layout, PLOT_CONFIG);
  };

  state.onChange(() => {
    inputAt = performance.now();
    primaryDirty = true;
    secondaryDirty = true;
    schedule();
  });
  pins.onChange(() => {
    drawLegend();
    primaryDirty = true;
    schedule();
  });

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
      probe.lastExport = await exportImage(
        which,
        fig,
        provenanceLines(current.result, shareUrl()),
        format,
        scale,
        figureWidths[which],
      );
    } catch (err) {
      notices.show("The image could not be exported:", [(err as Error).message], "error", "export");
    }
  };
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-export-image]")) {
    const [format, scale] = (b.dataset.exportImage ?? "png:1").split(":");
    b.addEventListener("click", () => void exportFigure(format as ImageFormat, Number(scale)));
  }
  byId("export-csv").addEventListener("click", () => {
    if (current) downloadText(toCsv(current.result, shareUrl()), "plasticity-lab-run.csv", "text/csv");
  });
  byId("export-json").addEventListener("click", () => {
    if (!current) return;
    const data = { ...toJson(current.result, shareUrl()), pinned: pins.all.map((p) => toJson(p.result)) };
    downloadText(`${JSON.stringify(data, null, 1)}\n`, "plasticity-lab-run.json", "application/json");
  });
  const importInput = byId<HTMLInputElement>("import-json");
  importInput.addEventListener("change", async () => {
    const file = importInput.files?.[0];
    importInput.value = "";
    if (!file) return;
    try {
      const data = JSON.parse(await file.text()) as JsonExport & { pinned?: unknown[] };
      const spec = fromJson(model, data);
      const pinned = (Array.isArray(data.pinned) ? data.pinned : []).map((d) => fromJson(model, d));
      state.restore(spec, "import");
      pins.clear();
      for (const p of pinned) pins.add(p, simulate(model, p));
      notices.dismiss("import");
    } catch (err) {
      const lines = err instanceof RunSpecError ? err.problems.map((p) => p.message) : [(err as Error).message];
      notices.show(`${file.name} could not be imported:`, lines, "error", "import");
    }
  });
  const copyLink = byId<HTMLButtonElement>("copy-link");
  copyLink.addEventListener("click", async () => {
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

  byId("equations").append(
    equationsView(
      model,
      (name) => controls.focusParam(name),
      (name) => controls.hasControl(name),
    ),
  );
  byId("about").append(aboutPanel(model));
  mountAnalyses(byId("analyses"), model, state);
  mountEditorLauncher({
    model,
    text: source.text,
    file: source.file,
    state,
    shipped: shippedText,
    buttonSlot: byId("classroom-actions").parentElement ?? document.body,
    panelSlot: byId("model-editor-slot"),
  });
  mountClassroom({ model, state, controls, notices, link: classLink });
  mountSafety({
    model,
    state,
    pins,
    notices,
    result: () => current?.result,
    figures: figs,
    controls: byId("controls"),
  });

  schedule();
}

resolveAppModel(location.hash)
  .then(start)
  .catch((err: unknown) => {
    const box = document.getElementById("notices-slot") ?? document.body;
    box.textContent = `Plasticity Lab could not start: ${(err as Error).message}`;
    throw err;
  });
