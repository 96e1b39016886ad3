import {
  defaultPreset,
  formatIssue,
  loadModel,
  type Model,
  ModelError,
  type ResolvedRun,
  resolveRun,
} from "../../engine/index.ts";
import { type ClassLinkReading, classKeys } from "../classroom/class-link.ts";
import { readClassroomLink } from "../classroom/classroom.ts";
import { el } from "../ui/dom.ts";
import type { Notices } from "../ui/notices.ts";
import { Autosave, LAST_MODEL_KEY, type RestoreOutcome } from "./autosave.ts";
import { carryRun } from "./carry-run.ts";
import { historyBar } from "./history-bar.ts";
import { installShortcuts } from "./keyboard-shortcuts.ts";
import type { LinkedModel } from "./linked-model.ts";
import {
  type CatalogueEntry,
  defaultModelEntry,
  editedFileName,
  keepEditedModel,
  keepModelFile,
  keptEditedModel,
  keptModelFile,
  type ModelOrigin,
  type ModelSource,
  setOpenModelSource,
  shippedModels,
} from "./model-source.ts";
import { normalise, RunState } from "./run-state.ts";
import { type AppState, emptySession, type ModelRef, type ModelSession } from "./session.ts";
import { SessionStore } from "./session-store.ts";
import { UndoHistory } from "./undo-history.ts";
import { UrlSync } from "./url-sync.ts";
import { classLinkKeys, linkModelId, readLink, writeFragment, writeLink } from "./url-table.ts";

/** What the features of one open model need; `mount` returns how to take them down again. */
export interface FeatureContext {
  state: RunState;
  source: ModelSource;
  notices: Notices;
  link: ClassLinkReading;
  shareUrl(): string;
  /** The link that reopens `run` in this session (the model and its keys, no class settings). */
  linkFor(run: ResolvedRun): string;
}

export interface MountedFeatures {
  /** Draws for the first time (after a restored session is in the store). */
  start(): void;
  dispose(): void;
}

export type OpenResult = { ok: true } | { ok: false; errors: string[] };

export interface OpenOptions {
  /** The file name shown in errors and exports. */
  file: string;
  origin: ModelOrigin;
}

/** The query the page was opened with, read before anything rewrites the address bar. */
const OPENED_WITH = location.search;

function store(kind: "localStorage" | "sessionStorage"): Storage | undefined {
  try {
    return window[kind];
  } catch {
    // Storage blocked by the browser's settings: the app works, it just cannot save.
    return undefined;
  }
}

/** This tab's id, kept in history.state: a reload keeps it; a new tab, or a link pasted into this one, gets a new one. */
function tabId(): string {
  const st = history.state as { plasticityTab?: unknown } | null;
  if (typeof st?.plasticityTab === "string") return st.plasticityTab;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  history.replaceState({ ...(st ?? {}), plasticityTab: id }, "", location.href);
  return id;
}

function timeOfDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? "earlier"
    : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Model-file errors as "file:line field: message", one per line. */
export function modelErrors(err: unknown): string[] {
  if (err instanceof ModelError) return err.issues.map(formatIssue);
  return [(err as Error).message];
}

function refOf(model: Model, source: ModelSource): ModelRef {
  return { id: model.id, version: model.version, file: source.file, origin: source.origin };
}

const NO_CLASS_LINK: ClassLinkReading = {
  settings: { lesson: undefined, locked: new Set(), hidden: new Set(), theme: undefined, seed: undefined },
  spec: { params: {} },
  problems: [],
  changed: undefined,
};

let active: AppSession | undefined;

/**
 * Opens a model from its YAML text (a file the user chose, the model editor's buffer). On success the
 * model replaces the open one, whose session is saved first; on failure nothing changes and `errors`
 * lists every problem as file:line field: message.
 */
export function openModelText(text: string, options: OpenOptions): OpenResult {
  if (!active) return { ok: false, errors: ["the app has not started"] };
  return active.openModel({ text, file: options.file, origin: options.origin });
}

/**
 * The app's session: one store (model, run, pins, seeds, lesson, class settings, theme, view), with
 * undo, autosave and the URL subscribed to it, and the open model's features mounted over it. Opening
 * another model saves this one's session, takes its features down and mounts the new model's.
 */
export class AppSession {
  readonly store: SessionStore<AppState>;
  readonly history: UndoHistory;
  readonly autosave: Autosave;
  private readonly url: UrlSync;
  private model: Model;
  private source: ModelSource;
  private state: RunState;
  private features: MountedFeatures | undefined;
  private readonly listeners: ((source: ModelSource, model: Model) => void)[] = [];
  private readonly storage = store("localStorage");
  /** Models opened from files in this visit, by id, so the picker can go back to them. */
  private readonly fromFiles = new Map<string, { source: ModelSource; title: string; summary: string }>();
  /** Edited models open in this visit (applied here or carried by the link), by id: they replace the shipped file. */
  private readonly edited = new Map<string, { source: ModelSource; title: string; summary: string }>();

  constructor(
    private readonly notices: Notices,
    private readonly mount: (ctx: FeatureContext) => MountedFeatures,
    linked?: LinkedModel,
  ) {
    const opened = this.initialModel(linked);
    this.model = opened.model;
    this.source = opened.source;
    setOpenModelSource(this.source);
    this.noteFile(this.model, this.source);

    const link = readLink(this.model, OPENED_WITH);
    if (link.dropped.length) notices.show("Some entries of the link were not loaded:", link.dropped, "warning", "link");
    const base: AppState = {
      model: refOf(this.model, this.source),
      session: emptySession(),
      theme: "standard",
      view: { exportFigure: "time", tab: "explore" },
    };
    const withKeys = link.apply(base);
    const linkSeed = new URLSearchParams(OPENED_WITH).has("seed") ? withKeys.session.seeds.seed : undefined;
    const classLink = readClassroomLink(this.model, link.run, link.classEntries, linkSeed);
    const { settings } = classLink;
    this.store = new SessionStore<AppState>({
      ...withKeys,
      theme: settings.theme ?? withKeys.theme,
      session: {
        ...withKeys.session,
        run: normalise(this.model, classLink.spec),
        classroom: {
          locked: [...settings.locked],
          hidden: [...settings.hidden],
          ...(settings.lesson ? { lesson: settings.lesson } : {}),
        },
      },
    });
    active = this;

    this.history = new UndoHistory(this.store, () => this.model);
    this.history.trackPointer(document);
    installShortcuts({ undo: () => this.history.undo(), redo: () => this.history.redo() });

    this.autosave = new Autosave(this.store, {
      storage: this.storage,
      tabStorage: store("sessionStorage"),
      search: OPENED_WITH,
      tab: tabId(),
      onProblem: (title, lines) => notices.show(title, lines, "warning", "autosave-problem"),
    });
    this.url = new UrlSync(this.store, () => this.shareUrl());
    // An in-page link (#claims) replaces the fragment, and with it an edited model's text: put it back.
    window.addEventListener("hashchange", () => this.url.writeNow());

    this.state = new RunState(this.model, this.store);
    this.features = this.mountFeatures(classLink);
    const outcome = this.autosave.start(this.model);
    // What was restored is where this visit starts: nothing before it to undo.
    this.history.clear();
    this.announce(outcome);
    this.autosave.attachPageEvents();
    this.features.start();
    this.url.writeNow();
    this.encodeForLink();
  }

  get openModelFile(): ModelSource {
    return this.source;
  }

  get currentModel(): Model {
    return this.model;
  }

  /** Hears each model opened after the first. */
  onModel(fn: (source: ModelSource, model: Model) => void): void {
    this.listeners.push(fn);
  }

  /** The address that reopens what is shown now. */
  shareUrl(): string {
    const s = this.store.state;
    const run = this.state.resolved;
    const keys = classKeys(this.model, run, {
      // A link that locks controls keeps its own lesson: only that lesson's steps may set locked controls.
      lesson: s.session.classroom.locked.length > 0 ? s.session.classroom.lesson : s.session.lesson?.lesson,
      locked: new Set(s.session.classroom.locked),
      hidden: new Set(s.session.classroom.hidden),
      theme: "standard",
      seed: undefined,
    });
    const classOnly: Record<string, string> = {};
    for (const k of classLinkKeys()) if (keys[k] !== undefined) classOnly[k] = keys[k];
    return `${location.origin}${location.pathname}?${writeLink(s, run, classOnly)}${writeFragment(this.source)}`;
  }

  /**
   * The link that opens `model` (an edit of the open one, not yet applied) with `encoded` as its text,
   * the current run restated for it (a renamed parameter followed).
   */
  linkForEdit(model: Model, encoded: string): string {
    const run = resolveRun(model, carryRun(this.state.current, this.model, model));
    const state: AppState = { ...this.store.state, model: { ...this.store.state.model, id: model.id } };
    const source: ModelSource = { file: editedFileName(model.id), text: "", origin: "edited", encoded };
    return `${location.origin}${location.pathname}?${writeLink(state, run)}${writeFragment(source)}`;
  }

  /** The box above the controls: the model picker, "Open model file…", undo and redo. */
  sessionBar(): HTMLElement {
    return el("div", { class: "session-bar" }, historyBar(this.history));
  }

  /** Models opened from files or edited in this visit: the picker lists them after the shipped ones. */
  get fileModels(): { id: string; title: string; summary: string; file: string; origin: ModelOrigin }[] {
    // An edit of a model opened from a file replaces that file's entry.
    const files = [...this.fromFiles].filter(([id]) => !this.edited.has(id));
    return [...files, ...this.edited].map(([id, e]) => ({
      id,
      title: e.title,
      summary: e.summary,
      file: e.source.file,
      origin: e.source.origin,
    }));
  }

  /**
   * Opens a model by id (the picker): an edit of it open in this visit or applied in this browser,
   * else the shipped file, else one opened from a file in this visit.
   */
  openById(id: string): OpenResult {
    const source =
      this.edited.get(id)?.source ??
      keptEditedModel(id, this.storage) ??
      shippedModels().find((e) => e.id === id) ??
      this.fromFiles.get(id)?.source;
    if (!source) return { ok: false, errors: [`no model has the id "${id}"`] };
    return this.openModel(source);
  }

  private noteFile(model: Model, source: ModelSource): void {
    const entry = { source, title: model.title, summary: model.summary };
    if (source.origin === "file") this.fromFiles.set(model.id, entry);
    if (source.origin === "edited") this.edited.set(model.id, entry);
    else this.edited.delete(model.id);
  }

  /**
   * An edited model travels in links as its encoded text (url-table.ts): encoded once it is open,
   * off the path of the click that opened it; a model too large for a link is said to be, in plain words.
   */
  private encodeForLink(): void {
    const source = this.source;
    if (source.origin !== "edited" || source.encoded !== undefined) {
      this.notices.dismiss("model-link-size");
      return;
    }
    void import("./model-text-link.ts")
      .then(async ({ encodeModelText, MAX_MODEL_LINK_CHARS }) => {
        const part = await encodeModelText(source.text);
        if (this.source !== source) return;
        if (part.ok) {
          source.encoded = part.encoded;
          this.notices.dismiss("model-link-size");
          this.url.writeNow();
        } else {
          this.notices.show(
            "This edited model is too large to travel in a link:",
            [
              `${part.chars} characters compressed, more than the ${MAX_MODEL_LINK_CHARS} a link may carry. Links name the model by id, which opens the shipped file elsewhere; share the YAML instead (Edit model → Download YAML).`,
            ],
            "warning",
            "model-link-size",
          );
        }
      })
      .catch((err: unknown) => {
        this.notices.show(
          "The edited model could not be put in a link:",
          [(err as Error).message],
          "warning",
          "model-link-size",
        );
      });
  }

  /**
   * Opens a model from its source; on error nothing changes. An edit (origin "edited") is kept in this
   * browser in place of the shipped file, until an edit equal to the shipped file reverts it; an edit
   * of the open model carries its run and pins across, a renamed parameter followed.
   */
  openModel(opened: ModelSource): OpenResult {
    let model: Model;
    let source = opened;
    try {
      model = loadModel(source.text, source.file);
      resolveRun(model, { preset: defaultPreset(model)?.id });
    } catch (err) {
      return { ok: false, errors: modelErrors(err) };
    }
    if (source.origin === "edited") {
      const shipped = shippedModels().find((e) => e.id === model.id);
      const reverted = shipped !== undefined && shipped.text === source.text;
      keepEditedModel(model.id, reverted ? undefined : source.text, this.storage);
      source = reverted ? shipped : { ...source, file: editedFileName(model.id) };
    }
    const isEdit = model.id === this.model.id && (source.origin === "edited" || this.source.origin === "edited");
    const carried = isEdit ? this.carriedSession(model) : undefined;
    this.autosave.flush();
    this.features?.dispose();
    this.features = undefined;
    this.state.dispose();

    const saved = carried ?? this.autosave.savedFor(model);
    const session: ModelSession = saved ? { ...saved, classroom: { locked: [], hidden: [] } } : emptySession();
    session.run = normalise(model, session.run);
    const prevModel = this.model;
    this.model = model;
    this.source = source;
    setOpenModelSource(source);
    if (source.origin === "file") keepModelFile(model.id, source, this.storage);
    this.noteFile(model, source);
    this.state = new RunState(model, this.store);
    try {
      this.store.update((s) => ({ ...s, model: refOf(model, source), session }), "model");
    } catch (err) {
      // Cannot happen with a normalised, resolved run; if it does, say so and keep the store as it was.
      this.model = prevModel;
      return { ok: false, errors: [(err as Error).message] };
    }
    // Steps taken on the text before the edit may name what it renamed or removed: the edit starts afresh.
    if (isEdit) this.history.clear();
    this.features = this.mountFeatures(NO_CLASS_LINK);
    this.features.start();
    this.url.writeNow();
    this.encodeForLink();
    for (const fn of this.listeners) fn(source, model);
    return { ok: true };
  }

  /** The open session restated for an edit of its model: runs of pins that no longer resolve are let go. */
  private carriedSession(model: Model): ModelSession {
    const now = this.store.state.session;
    const pins = now.pins.flatMap((p) => {
      try {
        return [{ ...p, spec: carryRun(p.spec, this.model, model) }];
      } catch {
        return [];
      }
    });
    return { ...now, run: carryRun(now.run, this.model, model), pins };
  }

  private mountFeatures(link: ClassLinkReading): MountedFeatures {
    document.title = `Plasticity Lab — ${this.model.title}`;
    const title = document.getElementById("model-title");
    if (title) title.textContent = this.model.title;
    const label = document.getElementById("model-label");
    if (label) label.textContent = this.model.label;
    return this.mount({
      state: this.state,
      source: this.source,
      notices: this.notices,
      link,
      shareUrl: () => this.shareUrl(),
      linkFor: (run) => `${location.origin}${location.pathname}?${writeLink(this.store.state, run)}`,
    });
  }

  /**
   * The model a visit opens: an edited model the link carries, else the link's model id, else (no link)
   * the last one open in this browser, else the default; for an id, an edit applied in this browser
   * comes before the shipped file.
   */
  private initialModel(linked: LinkedModel | undefined): { model: Model; source: ModelSource } {
    const fromLink = linked && this.linkedModel(linked);
    if (fromLink) return fromLink;
    const fallback = defaultModelEntry();
    const asked = linkModelId(OPENED_WITH);
    let id: string | undefined;
    if (asked && "problem" in asked)
      this.notices.show("The link's model was not loaded:", [`model: ${asked.problem}`], "warning", "model-link");
    else if (asked) id = asked.value;
    else if (OPENED_WITH.replace(/^\?/, "") === "") id = this.lastModelId();
    const edit = keptEditedModel(id ?? fallback.id, this.storage);
    if (edit) {
      try {
        return { model: loadModel(edit.text, edit.file), source: edit };
      } catch (err) {
        this.notices.show(
          "Your edited model could not be opened; the shipped file is open instead:",
          modelErrors(err),
          "warning",
          "model-link",
        );
      }
    }
    if (id === undefined || id === fallback.id)
      return { model: loadModel(fallback.text, fallback.file), source: fallback };
    const source: ModelSource | undefined = shippedModels().find((e) => e.id === id) ?? keptModelFile(id, this.storage);
    if (!source) {
      this.notices.show(
        "The link's model is not available here:",
        [`no model "${id}" is shipped or was opened from a file in this browser; showing ${fallback.title}`],
        "warning",
        "model-link",
      );
      return { model: loadModel(fallback.text, fallback.file), source: fallback };
    }
    try {
      return { model: loadModel(source.text, source.file), source };
    } catch (err) {
      this.notices.show(
        `The model "${id}" could not be opened; showing ${fallback.title}:`,
        modelErrors(err),
        "warning",
        "model-link",
      );
      return { model: loadModel(fallback.text, fallback.file), source: fallback };
    }
  }

  /** The edited model a link carries, loaded like any model file; on a problem, a notice and undefined. */
  private linkedModel(linked: LinkedModel): { model: Model; source: ModelSource } | undefined {
    if ("problem" in linked) {
      this.notices.show(
        "The edited model in the link was not loaded:",
        [`#model: ${linked.problem}`],
        "warning",
        "model-link",
      );
      return undefined;
    }
    try {
      const model = loadModel(linked.text, "the link's edited model");
      const source: ModelSource = {
        file: editedFileName(model.id),
        text: linked.text,
        origin: "edited",
        encoded: linked.encoded,
      };
      this.notices.show(
        `This link carries an edited model, not a shipped file: ${model.title}.`,
        [],
        "info",
        "edited-model",
      );
      return { model, source };
    } catch (err) {
      this.notices.show("The edited model in the link could not be opened:", modelErrors(err), "warning", "model-link");
      return undefined;
    }
  }

  private lastModelId(): string | undefined {
    for (const s of [store("sessionStorage"), this.storage]) {
      try {
        const raw = s?.getItem(LAST_MODEL_KEY);
        if (!raw) continue;
        const v = JSON.parse(raw) as { id?: unknown };
        if (typeof v.id === "string") return v.id;
      } catch {
        // An unreadable note of the last model just means the default opens.
      }
    }
    return undefined;
  }

  private announce(outcome: RestoreOutcome): void {
    const { notices } = this;
    // A partial restore is reported by the autosave itself, naming what was left out.
    if (outcome.kind === "restored" && outcome.problems.length === 0) {
      notices.show(`Restored your last session (saved ${timeOfDay(outcome.savedAt)}).`, [], "warning", "autosave");
      noticeButton(notices, "autosave", "Start fresh instead", () => {
        this.store.update(
          (s) => ({
            ...s,
            session: { ...s.session, run: { preset: defaultPreset(this.model)?.id, params: {} }, pins: [] },
          }),
          "start-fresh",
        );
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
        const again = this.autosave.restoreSaved(this.model);
        if (again.kind === "unreadable") {
          notices.show("Your saved session could not be restored:", again.problems, "warning", "autosave-problem");
        }
      });
    }
    // Only real changes count: the link's protection ends, and the restore notice goes, once the user changes something.
    let key = JSON.stringify(this.store.state.session);
    const off = this.store.subscribe(
      (s) => s.session,
      (session) => {
        const next = JSON.stringify(session);
        if (next === key) return;
        key = next;
        notices.dismiss("autosave");
        off();
      },
    );
  }
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

export type { CatalogueEntry };
