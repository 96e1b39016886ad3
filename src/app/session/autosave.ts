import type { Model } from "../../engine/index.ts";
import { type AppState, type ModelRef, type ModelSession, modelKey, savedSession, type Theme } from "./session.ts";
import type { SessionStore } from "./session-store.ts";

/**
 * The session saved in the browser as it changes, one record per model id and version, so a reload,
 * a crashed tab or a switch to another model and back loses nothing.
 *
 * Where and how durable: localStorage, written at most SAVE_EVERY_MS after a change while changes keep
 * coming, and at once when the page is hidden or closed (pagehide, visibilitychange). That bounds what
 * this page can lose to one interval; the browser then writes localStorage to disk in its own batches
 * (Chromium within about a second), so a browser killed outright just after a change may still lose it.
 * IndexedDB with strict durability would flush each commit to disk, but it reads asynchronously (the
 * saved session would arrive after the first figure, which then redraws) and a flush per save during a
 * drag costs far more than the change; localStorage's synchronous read lets the first figure be the
 * restored one.
 */

export const AUTOSAVE_FORMAT = "plasticity-lab-session";
export const AUTOSAVE_VERSION = 2;

/** Saves while values keep changing (a drag) are at most this far apart. */
const SAVE_EVERY_MS = 250;

const PREFIX = "plasticity-lab:session:";
/** Which model was open last, so a visit without a link reopens it. */
export const LAST_MODEL_KEY = "plasticity-lab:last-model";

interface SavedRecord {
  format: typeof AUTOSAVE_FORMAT;
  version: number;
  model: { id: string; version: string };
  /** The tab that wrote it: a reload of that tab restores it even though its address carries a query. */
  tab: string;
  savedAt: string;
  theme: Theme;
  session: unknown;
}

export interface AutosaveOptions {
  /** The latest session of any tab: what a new tab, or one reopened after a crash, comes back to. */
  storage: Storage | undefined;
  /** This tab's own session (sessionStorage): a reload of this tab comes back to it even if another tab saved since. */
  tabStorage: Storage | undefined;
  /** The page's query; a non-empty one is a link, which wins over the saved session unless this tab wrote both. */
  search: string;
  /** The id of this tab's session, kept in history.state so a reload of the same tab keeps it. */
  tab: string;
  /** Called with the user-facing message when something saved cannot be read or written. */
  onProblem(title: string, lines: string[]): void;
}

/** What start() found: whether a session was restored, or why not. */
export type RestoreOutcome =
  | { kind: "none" }
  | { kind: "restored"; savedAt: string; problems: string[] }
  | { kind: "link-wins"; savedAt: string }
  | { kind: "unreadable"; problems: string[] };

export class Autosave {
  private timer = 0;
  private dirty = false;
  /** False while a link is shown that the user has not changed: the saved session must survive it. */
  private writing = true;
  private restoring = false;
  /** Changes made while the features mount, before the saved session is read, are not saves. */
  private started = false;

  constructor(
    private readonly store: SessionStore<AppState>,
    private readonly options: AutosaveOptions,
  ) {
    store.subscribe(
      (s) => s.session,
      () => this.changed(),
    );
    store.subscribe(
      (s) => s.theme,
      () => this.changed(),
    );
  }

  /** The storage key of a model's saved session. */
  static keyOf(ref: { id: string; version: string }): string {
    return `${PREFIX}${modelKey(ref)}`;
  }

  /**
   * At start-up: restores the saved session of the open model unless the page was opened with a link
   * that another tab (or no tab) saved over. Call with the store holding the link's state.
   */
  start(model: Model): RestoreOutcome {
    this.started = true;
    const key = Autosave.keyOf(this.store.state.model);
    const own = this.read(this.options.tabStorage, key);
    if (own.kind === "ok" && own.record.tab === this.options.tab) {
      return { kind: "restored", savedAt: own.record.savedAt, problems: this.restore(model, own.record) };
    }
    const read = this.read(this.options.storage, key);
    if (read.kind !== "ok") {
      if (read.kind === "bad") {
        this.options.onProblem("Your saved session could not be restored; starting from the defaults:", read.problems);
        return { kind: "unreadable", problems: read.problems };
      }
      return { kind: "none" };
    }
    if (this.options.search.replace(/^\?/, "") !== "" && read.record.tab !== this.options.tab) {
      // The saved session stays as it is until the user changes something here.
      this.writing = false;
      return { kind: "link-wins", savedAt: read.record.savedAt };
    }
    return { kind: "restored", savedAt: read.record.savedAt, problems: this.restore(model, read.record) };
  }

  /** Replaces what is shown (a link) by the saved session; used by the link-wins notice's button. */
  restoreSaved(model: Model): RestoreOutcome {
    const read = this.read(this.options.storage, Autosave.keyOf(this.store.state.model));
    if (read.kind !== "ok") return read.kind === "bad" ? { kind: "unreadable", problems: read.problems } : read;
    this.writing = true;
    const problems = this.restore(model, read.record, "autosave");
    this.saveNow();
    return { kind: "restored", savedAt: read.record.savedAt, problems };
  }

  /**
   * The saved session of `model`, for opening it (a switch from another model): undefined when none
   * was saved, with a notice when one was saved but cannot be read.
   */
  savedFor(model: Model): ModelSession | undefined {
    const key = Autosave.keyOf(model);
    const own = this.read(this.options.tabStorage, key, model.id);
    const read = own.kind === "ok" ? own : this.read(this.options.storage, key, model.id);
    if (read.kind === "bad") {
      this.options.onProblem(`Your saved session of ${model.title} could not be restored:`, read.problems);
      return undefined;
    }
    if (read.kind !== "ok") return undefined;
    const { session, problems } = savedSession(model, read.record.session);
    if (problems.length)
      this.options.onProblem(`Parts of your saved session of ${model.title} were not restored:`, problems);
    return session;
  }

  /** Something changed: saves soon (at most every SAVE_EVERY_MS while changes keep coming). */
  changed(): void {
    if (this.restoring || !this.started) return;
    this.writing = true;
    this.dirty = true;
    if (this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.flush();
    }, SAVE_EVERY_MS);
  }

  /** Writes a pending change at once (the page is being hidden or closed, or another model opens). */
  flush(): void {
    if (this.dirty) this.saveNow();
  }

  /** Saves pending changes when the page is hidden or left. */
  attachPageEvents(): void {
    window.addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  private saveNow(): void {
    this.dirty = false;
    clearTimeout(this.timer);
    this.timer = 0;
    if (!this.writing || !this.options.storage) return;
    const s = this.store.state;
    const record: SavedRecord = {
      format: AUTOSAVE_FORMAT,
      version: AUTOSAVE_VERSION,
      model: { id: s.model.id, version: s.model.version },
      tab: this.options.tab,
      savedAt: new Date().toISOString(),
      theme: s.theme,
      session: s.session,
    };
    const text = JSON.stringify(record);
    const key = Autosave.keyOf(s.model);
    const last = JSON.stringify(s.model satisfies ModelRef);
    try {
      this.options.tabStorage?.setItem(key, text);
      this.options.tabStorage?.setItem(LAST_MODEL_KEY, last);
    } catch {
      // The tab's copy only spares a reload from another tab's save; the shared copy below is the one that matters.
    }
    try {
      this.options.storage.setItem(key, text);
      this.options.storage.setItem(LAST_MODEL_KEY, last);
    } catch (err) {
      // Full or blocked storage must not break the app; say so once.
      this.options.storage = undefined;
      this.options.onProblem("Your session can no longer be saved in this browser:", [(err as Error).message]);
    }
  }

  private read(
    storage: Storage | undefined,
    key: string,
    id = this.store.state.model.id,
  ): { kind: "ok"; record: SavedRecord } | { kind: "none" } | { kind: "bad"; problems: string[] } {
    let text: string | null;
    try {
      text = storage?.getItem(key) ?? null;
    } catch {
      return { kind: "none" };
    }
    if (text === null) return { kind: "none" };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: "bad", problems: ["the saved data is not valid JSON (it may have been cut short or edited)"] };
    }
    const problem = recordProblem(data, id);
    return problem ? { kind: "bad", problems: [problem] } : { kind: "ok", record: data as SavedRecord };
  }

  /** Puts a saved record into the store (the class settings of the link stay); returns what was left out. */
  private restore(model: Model, record: SavedRecord, why = "autosave"): string[] {
    const { session, problems } = savedSession(model, record.session);
    this.restoring = true;
    try {
      this.store.update(
        (s) => ({
          ...s,
          theme: record.theme === "projector" ? "projector" : "standard",
          session: { ...session, classroom: s.session.classroom },
        }),
        why,
      );
    } catch (err) {
      problems.push(`run: ${(err as Error).message}`);
    } finally {
      this.restoring = false;
    }
    if (problems.length) this.options.onProblem("Parts of your saved session were not restored:", problems);
    return problems;
  }
}

/** Why `data` is not a saved session, or null if it is. */
function recordProblem(data: unknown, id: string): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return "the saved data is not a session";
  const d = data as Partial<SavedRecord>;
  if (d.format !== AUTOSAVE_FORMAT) return "the saved data is not a Plasticity Lab session";
  if (d.version !== AUTOSAVE_VERSION) {
    return `the saved session has format version ${String(d.version)}; this version of the app reads ${AUTOSAVE_VERSION}`;
  }
  if (d.model?.id !== id) return `the saved session is for model "${String(d.model?.id)}", not "${id}"`;
  if (typeof d.tab !== "string" || typeof d.savedAt !== "string") return "the saved session is incomplete";
  if (typeof d.session !== "object" || d.session === null) return "the saved session has no session";
  return null;
}
